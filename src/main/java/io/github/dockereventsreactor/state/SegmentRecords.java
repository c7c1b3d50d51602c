package io.github.dockereventsreactor.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The records of one journal segment ({@code length, CRC32C, payload}), read in order through a
 * buffer of its own: a segment is never read whole into the heap (at the default {@code max_bytes}
 * one is 16 MiB, a quarter of the daemon's heap), and a record is checked before it is handed out.
 */
final class SegmentRecords {

  private static final int BUFFER = 64 << 10;

  private final FileChannel in;
  private final long limit;
  private final int maxRecord;
  private ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
  // Where in the file the buffer's position is: the next record's first byte.
  private long offset;

  /**
   * Reads {@code in} from {@code from} up to {@code limit} (what was written when the reading
   * began: the journal appends meanwhile); a length above {@code maxRecord} is a torn record.
   */
  SegmentRecords(FileChannel in, long from, long limit, int maxRecord) {
    this.in = in;
    this.offset = from;
    this.limit = limit;
    this.maxRecord = maxRecord;
  }

  /** Where the next record begins. */
  long offset() {
    return offset;
  }

  /**
   * The next record's payload (a buffer of its own until the next call), or null at the limit or at
   * a record cut short, or whose length or checksum does not hold: a torn one.
   */
  ByteBuffer next() throws IOException {
    if (!fill(8)) {
      return null;
    }
    int length = buffer.getInt(buffer.position());
    int crc = buffer.getInt(buffer.position() + 4);
    if (length <= 0 || length > maxRecord || !fill(8 + length)) {
      return null;
    }
    ByteBuffer payload = buffer.slice(buffer.position() + 8, length);
    CRC32C checksum = new CRC32C();
    checksum.update(payload.duplicate());
    if ((int) checksum.getValue() != crc) {
      return null;
    }
    buffer.position(buffer.position() + 8 + length);
    offset += 8 + length;
    return payload;
  }

  /**
   * Whether {@code bytes} bytes wait in the buffer (reading on when they do not): not past the
   * limit.
   */
  private boolean fill(int bytes) throws IOException {
    if (buffer.remaining() >= bytes) {
      return true;
    }
    if (offset + bytes > limit) {
      return false;
    }
    // Kept bytes to the front, in a larger buffer for a record larger than this one.
    buffer = buffer.capacity() >= bytes ? buffer.compact() : ByteBuffer.allocate(bytes).put(buffer);
    while (buffer.position() < bytes) {
      int room = (int) Math.min(buffer.remaining(), limit - offset - buffer.position());
      int read = in.read(buffer.limit(buffer.position() + room), offset + buffer.position());
      buffer.limit(buffer.capacity());
      if (read < 0) {
        buffer.flip();
        return false;
      }
    }
    buffer.flip();
    return true;
  }
}
