package io.github.dockereventsreactor.rules;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Opens only regular files, and never waits to open one. Opening a FIFO for reading blocks until a
 * writer comes, for good if none does (a start, a reload or {@code check} hung with no line said);
 * a device or a directory is no file the reactor wrote. Looking at the type before opening leaves a
 * gap in which the path can be swapped for a FIFO, so the path is opened first, without blocking
 * ({@code O_NONBLOCK}, which the JDK cannot ask for), the type of what was opened is looked at
 * through {@code /proc/self/fd}, and only a regular file is then opened for use, through that same
 * descriptor: whatever the path names by then, it is the file that was looked at.
 */
public final class RegularFile {

  private static final int S_IFMT = 0170000;
  // The same on every Linux architecture (asm-generic).
  private static final int O_RDONLY = 0;
  private static final int O_NOCTTY = 0400;
  private static final int O_NONBLOCK = 04000;
  private static final int O_CLOEXEC = 02000000;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;

  /** The libc calls of a non-blocking open. */
  interface LibC extends Library {
    int open(String path, int flags) throws LastErrorException;

    int close(int fd);

    String strerror(int error);
  }

  /** libc, or empty where JNA cannot load it: the type is then looked at just before the open. */
  private static final Optional<LibC> LIBC = load();

  private RegularFile() {}

  private static Optional<LibC> load() {
    try {
      return Optional.of(Native.load("c", LibC.class));
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A path that exists and is not a regular file; the message names what and the path. */
  public static final class NotRegular extends IOException {
    private static final long serialVersionUID = 1L;
    private final String type;

    NotRegular(String what, Path path, String type) {
      super(what + " " + path + " is " + type + ", not a regular file: replace it with a file");
      this.type = type;
    }

    /** What the path is, as a sentence says it: "a FIFO (named pipe)", "a directory", …. */
    public String type() {
      return type;
    }
  }

  /**
   * Fails, naming {@code what}, the path and its type, when {@code path} exists and is not a
   * regular file (a symlink to one is one); an absent path passes. Only for an open that cannot
   * block on a FIFO (read and write, or create): any other goes through {@link #open}.
   */
  public static void refuseOtherTypes(Path path, String what) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode");
    } catch (NoSuchFileException e) {
      return;
    }
    refuse(path, what, mode);
  }

  private static void refuse(Path path, String what, int mode) throws NotRegular {
    String type = type(mode);
    if (!type.isEmpty()) {
      throw new NotRegular(what, path, type);
    }
  }

  /** Empty for a regular file, else what the path is, as the sentence says it. */
  private static String type(int mode) {
    return switch (mode & S_IFMT) {
      case 0100000 -> "";
      case 0040000 -> "a directory";
      case 0010000 -> "a FIFO (named pipe)";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      case 0140000 -> "a socket";
      default -> "not a file (mode " + Integer.toOctalString(mode) + ")";
    };
  }

  /**
   * The regular file at {@code path}, opened with {@code options} (READ, WRITE; never CREATE): a
   * FIFO, a device, a socket or a directory is refused as {@link NotRegular}, without waiting, even
   * one swapped in while this runs.
   */
  public static FileChannel open(Path path, String what, OpenOption... options) throws IOException {
    if (LIBC.isEmpty()) {
      refuseOtherTypes(path, what);
      return FileChannel.open(path, options);
    }
    LibC libc = LIBC.get();
    int fd;
    try {
      fd = libc.open(path.toString(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw switch (e.getErrorCode()) {
        case ENOENT -> new NoSuchFileException(path.toString());
        case EACCES -> new AccessDeniedException(path.toString());
        default -> new FileSystemException(path.toString(), null, libc.strerror(e.getErrorCode()));
      };
    }
    try {
      // The descriptor's own entry: the file it holds, whatever the path names now.
      Path held = Path.of("/proc/self/fd/" + fd);
      refuse(path, what, (Integer) Files.getAttribute(held, "unix:mode"));
      return FileChannel.open(held, options);
    } finally {
      libc.close(fd);
    }
  }

  /**
   * The bytes of the regular file at {@code path}, refusing another type and a file longer than
   * {@code max} (which would not fit the heap, or is no file of ours) with a message naming {@code
   * what}.
   */
  public static byte[] read(Path path, long max, String what) throws IOException {
    try (FileChannel channel = open(path, what, StandardOpenOption.READ)) {
      byte[] bytes =
          Channels.newInputStream(channel)
              .readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > max) {
        throw new IOException(
            what
                + " "
                + path
                + " holds "
                + channel.size()
                + " bytes, more than it ever holds (at most "
                + max
                + "): it is not that file; move it away");
      }
      return bytes;
    }
  }
}
