package io.github.dockereventsreactor.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One line read from a control connection, bounded in bytes and in time: a Unix socket has no read
 * timeout, so the channel is closed at the deadline, which ends a read blocked on it.
 */
final class ControlLine {

  /** Requests and answers are one short line; a longer one is no peer of ours. */
  static final int MAX_BYTES = 4096;

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "control deadline");
            thread.setDaemon(true);
            return thread;
          });

  private ControlLine() {}

  /** The line up to its line break, without it; fails past the deadline or {@link #MAX_BYTES}. */
  static String read(SocketChannel channel, Duration deadline) throws IOException {
    AtomicBoolean late = new AtomicBoolean();
    ScheduledFuture<?> closing =
        DEADLINES.schedule(
            () -> {
              late.set(true);
              try {
                channel.close();
              } catch (IOException e) {
                // closed already: the read ends either way
              }
            },
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES);
      while (buffer.hasRemaining()) {
        int start = buffer.position();
        if (channel.read(buffer) < 0) {
          throw new IOException("the connection ended before a whole line");
        }
        for (int i = start; i < buffer.position(); i++) {
          if (buffer.get(i) == '\n') {
            return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
          }
        }
      }
      throw new IOException("a line longer than " + MAX_BYTES + " bytes");
    } catch (IOException e) {
      if (late.get()) {
        throw new IOException("no whole line within " + deadline.toMillis() + " ms", e);
      }
      throw new IOException(said(e), e);
    } finally {
      closing.cancel(false);
    }
  }

  /** An exception's message, or what it means where it has none (a closed channel). */
  static String said(IOException e) {
    return e.getMessage() != null ? e.getMessage() : "the connection was closed";
  }

  static void write(SocketChannel channel, String line) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
