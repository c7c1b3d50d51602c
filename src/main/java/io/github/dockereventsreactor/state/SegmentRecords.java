package io.github.dockereventsreactor.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The records of one journal segment ({@code length, CRC32C, payload}), read in order through a
 * buffer of its own: a segment is never read whole into the heap (at the default {@code max_bytes}
 * one is 16 MiB, a quarter of the daemon's heap), and a record is checked before it is handed out.
 */
final class SegmentRecords {

  private static final int BUFFER = 64 << 10;

  /** Hears of a corrupt stretch passed over: from its first byte to the next valid record's. */
  @FunctionalInterface
  interface Corrupt {
    Corrupt IGNORED = (from, to) -> {};

    void skipped(long from, long to);
  }

  private final FileChannel in;
  private final long limit;
  private final int maxRecord;
  private final Corrupt corrupt;
  private ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
  // Where in the file the buffer's position is: the next record's first byte.
  private long offset;

  /**
   * Reads {@code in} from {@code from} up to {@code limit} (what was written when the reading
   * began: the journal appends meanwhile); a length above {@code maxRecord} is a broken record.
   */
  SegmentRecords(FileChannel in, long from, long limit, int maxRecord, Corrupt corrupt) {
    this.in = in;
    this.corrupt = corrupt;
    this.offset = from;
    this.limit = limit;
    this.maxRecord = maxRecord;
  }

  /** Where the next record begins. */
  long offset() {
    return offset;
  }

  /**
   * The next record's payload (a buffer of its own until the next call), or null at the limit. A
   * record whose length or checksum does not hold is either a torn end (nothing valid after it:
   * null, {@link #offset} left at it, for the opening to cut) or a corrupt stretch (a flipped bit,
   * a bad sector) with valid records after it: those are kept, the stretch is passed over to the
   * next valid record and reported to {@code corrupt}.
   */
  ByteBuffer next() throws IOException {
    ByteBuffer payload = record();
    if (payload != null || !fill(8)) {
      return payload;
    }
    long bad = offset;
    while (fill(8)) {
      buffer.position(buffer.position() + 1);
      offset++;
      payload = record();
      if (payload != null) {
        corrupt.skipped(bad, offset - 8 - payload.remaining());
        return payload;
      }
    }
    seek(bad);
    return null;
  }

  /** The valid record at the offset, consumed; null, nothing consumed, when none begins there. */
  private ByteBuffer record() throws IOException {
    if (!fill(8)) {
      return null;
    }
    int length = buffer.getInt(buffer.position());
    int crc = buffer.getInt(buffer.position() + 4);
    // The first byte of a payload is its kind: a cheap test before the checksum of a long
    // stretch, when looking for the next record in garbage.
    if (length <= 0
        || length > maxRecord
        || !fill(9)
        || !RecordFormat.kind(buffer.get(buffer.position() + 8))) {
      return null;
    }
    if (!fill(8 + length)) {
      return null;
    }
    ByteBuffer payload = buffer.slice(buffer.position() + 8, length);
    if (RecordFormat.checksum(payload) != crc) {
      return null;
    }
    buffer.position(buffer.position() + 8 + length);
    offset += 8 + length;
    return payload;
  }

  /** Goes back to {@code at}: what the buffer held is read again. */
  private void seek(long at) {
    offset = at;
    buffer.position(0).limit(0);
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
