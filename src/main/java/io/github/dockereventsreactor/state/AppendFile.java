package io.github.dockereventsreactor.state;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal's segment being appended to, opened through its path's file system. A {@link
 * FileChannel} is closed for good by an interrupt of a thread using it (a stop interrupting the
 * rules' threads, which write done marks): this one is opened again and the operation done again,
 * with the thread's interrupt kept for its owner. Only {@link #close} ends it.
 */
final class AppendFile implements Closeable {

  @FunctionalInterface
  private interface Operation<T> {
    T on(FileChannel channel) throws IOException;
  }

  private final Path path;
  private FileChannel channel;
  private boolean closed;

  private AppendFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** A new file at {@code path}; fails when one is there. */
  static AppendFile create(Path path) throws IOException {
    return new AppendFile(
        path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  /** Writes all of {@code bytes} at {@code at}. */
  void write(ByteBuffer bytes, long at) throws IOException {
    run(
        c -> {
          // Written again whole after an interrupt: at a position, that is the same bytes again.
          ByteBuffer from = bytes.duplicate();
          long position = at;
          while (from.hasRemaining()) {
            position += c.write(from, position);
          }
          bytes.position(bytes.limit());
          return null;
        });
  }

  /** Cuts the file back to {@code size} bytes. */
  void truncate(long size) throws IOException {
    run(c -> c.truncate(size));
  }

  /** Forces what was written to the disk. */
  void force() throws IOException {
    run(
        c -> {
          c.force(true);
          return null;
        });
  }

  private <T> T run(Operation<T> operation) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return operation.on(open());
        } catch (AsynchronousCloseException e) {
          // Closed by an interrupt, of this thread or of another one using it meanwhile.
          interrupted |= Thread.interrupted();
          synchronized (this) {
            if (closed) {
              throw e;
            }
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized FileChannel open() throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (!channel.isOpen()) {
      channel = FileChannel.open(path, StandardOpenOption.WRITE);
    }
    return channel;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
