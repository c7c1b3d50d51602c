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
    byte[] line = new byte[256];
    int kept = 0;
    long length = 0;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd && !fill()) {
        if (!any) {
          return Optional.empty();
        }
        break;
      }
      any = true;
      int newline = indexOf((byte) '\n', chunkStart, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      int count = end - chunkStart;
      if (length + count <= maxLineBytes) {
        if (kept + count > line.length) {
          line =
              Arrays.copyOf(line, Math.max(kept + count, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(chunk, chunkStart, line, kept, count);
        kept += count;
      }
      length += count;
      chunkStart = newline < 0 ? chunkEnd : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    number++;
    if (length > maxLineBytes) {
      return Optional.of(new Oversized(number, length));
    }
    if (kept > 0 && line[kept - 1] == '\r') {
      kept--;
    }
    return Optional.of(decode(line, kept));
  }

  private Line decode(byte[] bytes, int length) {
    if (ascii(bytes, length)) {
      // Nearly every event line: a copy, not a decoder's round trip through a char buffer (a
      // quarter of a replay's time).
      return new Text(number, new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, 0, length);
    CharBuffer output = CharBuffer.allocate(length);
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      return new NotUtf8(number, input.position() + 1);
    }
    return new Text(number, output.flip().toString());
  }

  private static boolean ascii(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
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

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chunk[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
