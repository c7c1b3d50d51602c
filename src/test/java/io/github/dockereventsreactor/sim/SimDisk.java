package io.github.dockereventsreactor.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A simulated disk under a directory of the default file system: the production classes open its
 * {@link #path paths} as any other (through {@code path.getFileSystem().provider()}), and the bytes
 * land in the real files, but what the disk holds for sure is tracked per file (what was forced),
 * and faults are injected on the seed's word: a full disk (a write puts down half its bytes, then
 * {@code No space left on device}, until there is room again), a write or an fsync failing once
 * with {@code Input/output error}, a directory turned read-only, a power cut (what was not forced
 * is lost, or torn: a prefix of it kept), a flipped bit. Names (a file created, renamed, removed)
 * reach the disk at once, as a journaling file system's metadata does; only file contents wait for
 * an fsync.
 */
public final class SimDisk extends FileSystemProvider {

  /** A write that reached the file: where, and its bytes (read-only). */
  public record Written(Path file, long at, ByteBuffer bytes) {}

  private final FileSystemProvider real = FileSystems.getDefault().provider();
  private final Files files = new Files();
  // Per real file: how many of its first bytes the disk holds for sure.
  private final Map<Path, Long> durable = new TreeMap<>();
  private final List<Channel> open = new ArrayList<>();
  private Consumer<Written> writes = w -> {};
  private boolean full;
  private int fullWrites = -1;
  private boolean readOnly;
  private boolean writeFails;
  private boolean forceFails;
  // Per directory: whether the last write, truncation or fsync of a file in it failed.
  private final Map<Path, Optional<String>> lastFailed = new TreeMap<>();

  /** The path of the simulated disk for {@code path} of the default file system. */
  public Path path(Path path) {
    return new SimPath(files, path.toAbsolutePath());
  }

  /** Hears of each write that reached a file. */
  public void onWrite(Consumer<Written> listener) {
    writes = listener;
  }

  /** The disk is full until {@link #roomAgain}. */
  public void full() {
    full = true;
    fullWrites = -1;
  }

  /** The disk is full for the next {@code writes} writes only. */
  public void fullFor(int writes) {
    full = true;
    fullWrites = writes;
  }

  public void roomAgain() {
    full = false;
  }

  public boolean isFull() {
    return full;
  }

  public void readOnly(boolean on) {
    readOnly = on;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** The next write fails with an I/O error, writing nothing. */
  public void failNextWrite() {
    writeFails = true;
  }

  /** The next fsync of a file fails with an I/O error; what it had to force stays unforced. */
  public void failNextForce() {
    forceFails = true;
  }

  /** No fault any more: room, read-write, no failure waiting. */
  public void heal() {
    full = false;
    readOnly = false;
    writeFails = false;
    forceFails = false;
  }

  /** How the last write, truncation or fsync of a file in {@code dir} failed, if it did. */
  public Optional<String> lastWriteFailed(Path dir) {
    return lastFailed.getOrDefault(SimPath.real(dir), Optional.empty());
  }

  /**
   * The process is gone ({@code kill -9}): every file it had open is closed, what it wrote stays.
   */
  public void crash() {
    for (Channel channel : List.copyOf(open)) {
      channel.kill();
    }
    open.clear();
    // A new process knows of no failure until it writes.
    lastFailed.clear();
    // The failures waiting for the next write or fsync were the old process's.
    writeFails = false;
    forceFails = false;
  }

  /**
   * The power is cut: the process is gone and each file keeps what was forced; with {@code torn},
   * also a prefix of what was not (random, of the seed). Says per file what was lost.
   */
  public List<String> powerCut(SplittableRandom random, boolean torn) throws IOException {
    crash();
    List<String> lost = new ArrayList<>();
    for (Map.Entry<Path, Long> file : durable.entrySet()) {
      long size = java.nio.file.Files.size(file.getKey());
      long kept = file.getValue();
      if (size > kept) {
        long keep = torn ? kept + random.nextLong(size - kept + 1) : kept;
        try (FileChannel channel = FileChannel.open(file.getKey(), StandardOpenOption.WRITE)) {
          channel.truncate(keep);
        }
        lost.add(file.getKey().getFileName() + " keeps " + keep + " of " + size + " bytes");
      }
    }
    return lost;
  }

  /** Flips bit {@code bit} of the byte at {@code at} of {@code file}, on the disk itself. */
  public void flip(Path file, long at, int bit) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file instanceof SimPath ? SimPath.real(file) : file,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, at);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.rewind();
      channel.write(one, at);
    }
  }

  /** The size of {@code file} now; -1 when there is none. */
  public long size(Path file) {
    Path path = file instanceof SimPath ? SimPath.real(file) : file;
    try {
      return java.nio.file.Files.size(path);
    } catch (IOException e) {
      return -1;
    }
  }

  private static FileSystemException refused(Path file, String why) {
    return new FileSystemException(file.toString(), null, why);
  }

  private void refuseIfReadOnly(Path file) throws FileSystemException {
    if (readOnly) {
      throw refused(file, "Read-only file system");
    }
  }

  private void outcome(Path file, String what, Optional<IOException> failed) {
    lastFailed.put(
        file.getParent(),
        failed.map(e -> what + " of " + file.getFileName() + ": " + e.getMessage()));
  }

  /** One file opened by the production code. */
  private final class Channel extends FileChannel {
    private final Path file;
    private final FileChannel channel;
    private final boolean directory;
    private boolean dead;

    Channel(Path file, FileChannel channel, boolean directory) {
      this.file = file;
      this.channel = channel;
      this.directory = directory;
    }

    void kill() {
      dead = true;
      try {
        channel.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private FileChannel live() throws IOException {
      if (dead) {
        throw new java.nio.channels.ClosedChannelException();
      }
      return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return live().read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return live().read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return live().read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long at = live().position();
      int written = write(src, at);
      channel.position(at + written);
      return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long written = 0;
      for (int i = offset; i < offset + length; i++) {
        written += write(srcs[i]);
      }
      return written;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      FileChannel to = live();
      try {
        refuseIfReadOnly(file);
        if (writeFails) {
          writeFails = false;
          throw refused(file, "Input/output error");
        }
        if (full) {
          if (fullWrites > 0 && --fullWrites == 0) {
            full = false;
          }
          // What fits goes down, then the disk says it is full.
          ByteBuffer half = src.duplicate();
          half.limit(half.position() + src.remaining() / 2);
          to.write(half, position);
          throw refused(file, "No space left on device");
        }
        ByteBuffer bytes = src.asReadOnlyBuffer();
        int written = to.write(src, position);
        durable.computeIfPresent(file, (f, kept) -> Math.min(kept, position));
        writes.accept(new Written(file, position, bytes));
        outcome(file, "the write", Optional.empty());
        return written;
      } catch (IOException e) {
        outcome(file, "the write", Optional.of(e));
        throw e;
      }
    }

    @Override
    public long position() throws IOException {
      return live().position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      live().position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return live().size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      FileChannel to = live();
      try {
        refuseIfReadOnly(file);
        to.truncate(size);
        durable.computeIfPresent(file, (f, kept) -> Math.min(kept, size));
        outcome(file, "the truncation", Optional.empty());
        return this;
      } catch (IOException e) {
        outcome(file, "the truncation", Optional.of(e));
        throw e;
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      FileChannel of = live();
      if (directory) {
        return;
      }
      try {
        long size = of.size();
        if (forceFails || (readOnly && size > durable.getOrDefault(file, size))) {
          forceFails = false;
          throw refused(file, "Input/output error");
        }
        durable.put(file, size);
        outcome(file, "the fsync", Optional.empty());
      } catch (IOException e) {
        outcome(file, "the fsync", Optional.of(e));
        throw e;
      }
    }

    @Override
    public long transferTo(
        long position, long count, java.nio.channels.WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.nio.channels.FileLock lock(long position, long size, boolean shared)
        throws IOException {
      return live().lock(position, size, shared);
    }

    @Override
    public java.nio.channels.FileLock tryLock(long position, long size, boolean shared)
        throws IOException {
      return live().tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      open.remove(this);
      channel.close();
    }
  }

  @Override
  public String getScheme() {
    return "simdisk";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    Path file = SimPath.real(path).toAbsolutePath();
    boolean writing =
        options.contains(StandardOpenOption.WRITE)
            || options.contains(StandardOpenOption.APPEND)
            || options.contains(StandardOpenOption.CREATE)
            || options.contains(StandardOpenOption.CREATE_NEW);
    if (writing) {
      refuseIfReadOnly(file);
    }
    boolean existed = java.nio.file.Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    FileChannel channel = real.newFileChannel(file, options, attrs);
    if (!existed) {
      durable.put(file, 0L);
    }
    Channel opened = new Channel(file, channel, java.nio.file.Files.isDirectory(file));
    open.add(opened);
    return opened;
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    DirectoryStream<Path> listing =
        real.newDirectoryStream(
            SimPath.real(dir), entry -> filter.accept(new SimPath(files, entry)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> entries = listing.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return entries.hasNext();
          }

          @Override
          public Path next() {
            return new SimPath(files, entries.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        listing.close();
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    refuseIfReadOnly(SimPath.real(dir));
    real.createDirectory(SimPath.real(dir), attrs);
  }

  @Override
  public void delete(Path path) throws IOException {
    Path file = SimPath.real(path).toAbsolutePath();
    refuseIfReadOnly(file);
    real.delete(file);
    durable.remove(file);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    Path from = SimPath.real(source).toAbsolutePath();
    Path to = SimPath.real(target).toAbsolutePath();
    refuseIfReadOnly(to);
    real.move(from, to, options);
    Long kept = durable.remove(from);
    if (kept != null) {
      durable.put(to, kept);
    } else {
      durable.remove(to);
    }
  }

  @Override
  public boolean isSameFile(Path path, Path other) throws IOException {
    return real.isSameFile(SimPath.real(path), SimPath.real(other));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return real.isHidden(SimPath.real(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return real.getFileStore(SimPath.real(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    if (List.of(modes).contains(AccessMode.WRITE)) {
      refuseIfReadOnly(SimPath.real(path));
    }
    real.checkAccess(SimPath.real(path), modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    return real.getFileAttributeView(SimPath.real(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    return real.readAttributes(SimPath.real(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    return real.readAttributes(SimPath.real(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    refuseIfReadOnly(SimPath.real(path));
    real.setAttribute(SimPath.real(path), attribute, value, options);
  }

  /** The file system of the simulated disk's paths. */
  final class Files extends FileSystem {
    private final FileSystem of = FileSystems.getDefault();

    @Override
    public FileSystemProvider provider() {
      return SimDisk.this;
    }

    @Override
    public void close() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public String getSeparator() {
      return of.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
      List<Path> roots = new ArrayList<>();
      of.getRootDirectories().forEach(root -> roots.add(new SimPath(this, root)));
      return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
      return of.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
      return of.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
      return new SimPath(this, of.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
      PathMatcher matcher = of.getPathMatcher(syntaxAndPattern);
      return path -> matcher.matches(SimPath.real(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
      return of.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
      throw new UnsupportedOperationException("the simulated disk is not watched");
    }
  }
}
