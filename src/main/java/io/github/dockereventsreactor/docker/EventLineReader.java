package io.github.dockereventsreactor.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The event stream cut into lines of at most {@code maxBytes}: a longer line (larger than the heap,
 * or one that never ends) is skipped as it streams past, keeping only its size and first bytes, so
 * no line can exhaust the memory. It also tells since when a line has been waiting for its end,
 * which is how a stream stalled mid-line is found, and whether lines came since the watchdog last
 * asked, which is how a stream is known alive without a ping.
 */
final class EventLineReader {

  /** How much of an oversized line is kept, to say in the log what it was. */
  static final int HEAD_BYTES = 200;

  /** Where the lines go. */
  interface Lines {
    /** A whole line, without its newline. */
    void line(String text);

    /** A line longer than the cap, skipped: its length and its first {@value #HEAD_BYTES} bytes. */
    void oversized(long size, String head);
  }

  private static final int INITIAL = 8 * 1024;

  private final InputStream in;
  private final int maxBytes;
  private final LongSupplier nanoTime;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[INITIAL];
  private int length;
  private long size;
  private volatile long pendingSince;
  // Lines handed on, written by the reading thread only and read by the watchdog's. Opaque access
  // is enough and costs the reading thread no fence (on x86 and ARM the store of a plain field): it
  // is atomic for a long, never seen to go back, and bound to become visible, where a plain field
  // may stay in a register for good. It orders nothing else, and the watchdog reads nothing else of
  // the line. A count seen late only costs a ping.
  private final AtomicLong lines = new AtomicLong();
  // The count the watchdog saw when it last asked: its thread's alone.
  private long linesAsked;

  EventLineReader(InputStream in, int maxBytes, LongSupplier nanoTime) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.nanoTime = nanoTime;
  }

  /**
   * Hands the next non-blank line to {@code to}; false at the end of the stream (a line cut short
   * by it is dropped).
   */
  boolean next(Lines to) throws IOException {
    while (true) {
      if (position == limit) {
        if (size > 0 && pendingSince == 0) {
          pendingSince = nanoTime.getAsLong();
        }
        int read = in.read(buffer);
        if (read < 0) {
          return false;
        }
        position = 0;
        limit = read;
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      append(end - position);
      position = end;
      if (end < limit) {
        position++;
        if (finish(to)) {
          return true;
        }
      }
    }
  }

  /**
   * The {@link System#nanoTime()} since which part of a line has waited for the rest, or 0 when no
   * line is pending.
   */
  long pendingSince() {
    return pendingSince;
  }

  /**
   * Whether a line was handed on (a blank one does not count) since the last call, the first call
   * counting from the start of the stream: if so, the stream has just proved itself alive. For one
   * thread at a time, the watchdog's.
   */
  boolean linesSinceLastAsked() {
    long now = lines.getOpaque();
    boolean came = now != linesAsked;
    linesAsked = now;
    return came;
  }

  private void append(int count) {
    long grown = size + count;
    if (grown <= maxBytes) {
      if (grown > line.length) {
        line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max(grown, 2L * line.length)));
      }
      System.arraycopy(buffer, position, line, length, count);
      length += count;
    } else if (length < HEAD_BYTES) {
      int head = Math.min(count, HEAD_BYTES - length);
      System.arraycopy(buffer, position, line, length, head);
      length += head;
    }
    if (grown > maxBytes && line.length > INITIAL) {
      // Past the cap only the head is kept: the rest of the line streams past.
      line = Arrays.copyOf(line, INITIAL);
      length = Math.min(length, HEAD_BYTES);
    }
    size = grown;
  }

  /** Hands the line on, if it is not blank, and starts the next. */
  private boolean finish(Lines to) {
    long total = size;
    String text =
        new String(
            line,
            0,
            total > maxBytes ? Math.min(length, HEAD_BYTES) : length,
            StandardCharsets.UTF_8);
    size = 0;
    length = 0;
    pendingSince = 0;
    if (line.length > 16 * INITIAL) {
      line = new byte[INITIAL];
    }
    boolean oversized = total > maxBytes;
    if (!oversized && text.isBlank()) {
      return false;
    }
    lines.setOpaque(lines.getPlain() + 1);
    if (oversized) {
      to.oversized(total, text);
    } else {
      to.line(text);
    }
    return true;
  }
}
