package io.github.dockereventsreactor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The lines of a recorded events file, read as bytes and decoded one at a time, strictly: a line
 * that is not UTF-8 or longer than {@link #MAX_LINE_BYTES} is reported with its number and the next
 * line is read as usual. A file decoded whole would stop at its first bad byte, and a line read
 * whole could take the heap.
 */
final class ReplayLines {

  /** As the reactor's cap on an event from the engine. */
  static final int MAX_LINE_BYTES = 4 << 20;

  /** One line of the file, by its number from 1. */
  sealed interface Line {
    int number();

    /** The line's text, or empty when it cannot be read as such. */
    default Optional<String> text() {
      return Optional.empty();
    }

    /** Why the line has no text. */
    String problem();
  }

  /** A line of UTF-8 text, without its line ending. */
  record Text(int number, String line) implements Line {
    @Override
    public Optional<String> text() {
      return Optional.of(line);
    }

    @Override
    public String problem() {
      return "";
    }
  }

  /** A line over the cap, skipped: only its length was counted. */
  record Oversized(int number, long bytes) implements Line {
    @Override
    public String problem() {
      return "a line of " + bytes + " bytes, over the limit of " + (MAX_LINE_BYTES >> 20) + " MiB";
    }
  }

  /** A line with bytes that are not UTF-8, at this offset (from 1) in the line. */
  record NotUtf8(int number, int offset) implements Line {
    @Override
    public String problem() {
      return "not UTF-8 text (byte " + offset + " of the line)";
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkStart;
  private int chunkEnd;
  private boolean ended;
  private int number;

  ReplayLines(InputStream in) {
    this(in, MAX_LINE_BYTES);
  }

  ReplayLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or empty at the end of the input. */
  Optional<Line> next() throws IOException {
    // A line that ends within the chunk read is cut from it directly (nearly every line); one that
    // runs across chunks is gathered in a buffer of its own first.
    byte[] line = null;
    int kept = 0;
    long length = 0;
    boolean any = false;
    boolean ascii = true;
    while (true) {
      if (chunkStart == chunkEnd && !fill()) {
        if (!any) {
          return Optional.empty();
        }
        break;
      }
      any = true;
      // One pass finds the line's end and whether its bytes are all ASCII.
      int end = chunkStart;
      byte b = 0;
      while (end < chunkEnd && (b = chunk[end]) != '\n') {
        ascii &= b >= 0;
        end++;
      }
      boolean ended = end < chunkEnd;
      int count = end - chunkStart;
      if (ended && line == null && count <= maxLineBytes) {
        int from = chunkStart;
        chunkStart = end + 1;
        number++;
        return Optional.of(line(chunk, from, count, ascii));
      }
      if (length + count <= maxLineBytes) {
        if (line == null) {
          line = new byte[Math.max(256, count)];
        } else if (kept + count > line.length) {
          line =
              Arrays.copyOf(line, Math.max(kept + count, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(chunk, chunkStart, line, kept, count);
        kept += count;
      }
      length += count;
      chunkStart = ended ? end + 1 : chunkEnd;
      if (ended) {
        break;
      }
    }
    number++;
    if (length > maxLineBytes) {
      return Optional.of(new Oversized(number, length));
    }
    return Optional.of(line(line == null ? new byte[0] : line, 0, kept, ascii));
  }

  /** The line in {@code bytes} from {@code from}, less a carriage return at its end. */
  private Line line(byte[] bytes, int from, int length, boolean ascii) {
    int kept = length > 0 && bytes[from + length - 1] == '\r' ? length - 1 : length;
    if (ascii) {
      // Nearly every event line: a copy, not a decoder's round trip through a char buffer (a
      // quarter of a replay's time).
      return new Text(number, new String(bytes, from, kept, StandardCharsets.ISO_8859_1));
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, from, kept);
    CharBuffer output = CharBuffer.allocate(kept);
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      return new NotUtf8(number, input.position() - from + 1);
    }
    return new Text(number, output.flip().toString());
  }

  /** Whether bytes read from the input wait here for the next line: it would not block. */
  boolean buffered() {
    return chunkStart < chunkEnd;
  }

  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    int read = in.read(chunk);
    if (read < 0) {
      ended = true;
      return false;
    }
    chunkStart = 0;
    chunkEnd = read;
    return true;
  }
}
