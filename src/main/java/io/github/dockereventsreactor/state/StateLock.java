package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.rules.RegularFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that keeps one reactor per state file: an exclusive {@code flock} on {@code
 * STATE_FILE.lock}, held for the life of the process (the kernel lets it go however the process
 * ends, {@code kill -9} included), and the holder's pid written in it for the next one to name. Two
 * reactors on one state would both act on every event and append to the same journal.
 */
public final class StateLock implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);
  // A pid and a newline; more is not ours, and is not read.
  private static final int MAX_PID_BYTES = 32;

  private final Path path;
  private final FileChannel channel;

  private StateLock(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** The lock file of this state file. */
  public static Path pathOf(StateFile state) {
    return state.path().resolveSibling(state.path().getFileName() + ".lock");
  }

  /**
   * Takes the lock of {@code state} for this process ({@code pid}). Fails with a message naming the
   * holder when another process holds it, or when the lock's path is no regular file. Empty, said
   * loudly, when the file system refuses the lock file (a read-only or full state directory): the
   * reactor then runs degraded, as it does when it cannot write the state, rather than not at all.
   */
  public static Optional<StateLock> take(StateFile state, long pid) throws IOException {
    Path path = pathOf(state);
    RegularFile.refuseOtherTypes(path, "the state file's lock");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      LOG.error(
          "cannot take the lock {} ({}): running without it; a second reactor started on {} would"
              + " not be stopped",
          path,
          Failures.reason(e),
          state.path());
      return Optional.empty();
    }
    try {
      FileLock lock = lockOrNull(channel);
      if (lock == null) {
        throw new InUse(
            "the state file "
                + state.path()
                + " is in use by another reactor ("
                + holder(channel).map(holder -> "pid " + holder).orElse("its pid unknown")
                + ", holding "
                + path
                + "): stop that one first, or give this one a --state-file of its own");
      }
      StateLock taken = new StateLock(path, channel);
      taken.writePid(pid);
      return Optional.of(taken);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Another reactor holds the lock. */
  public static final class InUse extends IOException {
    private static final long serialVersionUID = 1L;

    InUse(String message) {
      super(message);
    }
  }

  private static FileLock lockOrNull(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Held by this very process (a second reactor in one JVM, as tests run them).
      return null;
    }
  }

  private static Optional<String> holder(FileChannel channel) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(MAX_PID_BYTES);
    channel.read(bytes, 0);
    String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
    return text.matches("[0-9]{1,19}") ? Optional.of(text) : Optional.empty();
  }

  /**
   * The pid for the next one to name; a disk too full for these few bytes keeps the lock without
   * it.
   */
  private void writePid(long pid) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    } catch (IOException e) {
      // The lock holds without the pid: a second reactor is still refused, naming no pid.
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
