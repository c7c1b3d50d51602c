package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The format of a journal segment: a header (a magic word, the engine's ID, the first sequence
 * number), then records of {@code length, CRC32C, payload}, a payload's first byte its kind. An
 * event's payload is its sequence number, its flags, the rules that took it and the engine's raw
 * JSON; a "done" is a sequence number and one rule's name. Texts are UTF-8 behind their length.
 */
final class RecordFormat {

  // The first bytes of every segment: a file without them is not one of ours.
  static final byte[] MAGIC = "DERJRNL1".getBytes(StandardCharsets.US_ASCII);
  static final byte EVENT = 1;
  static final byte DONE = 2;
  private static final int SYNTHETIC = 1;
  private static final int KILLED = 2;
  // Larger than any event the engine writes: a length beyond it is a torn or foreign record.
  static final int MAX_RECORD = 16 << 20;

  private RecordFormat() {}

  /** The header of a segment of the engine {@code engineId} whose first event is {@code seq}. */
  static byte[] header(String engineId, long seq) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      writeText(out, engineId);
      out.writeLong(seq);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory stream failed", e);
    }
  }

  /** The length of a header whose engine's ID takes {@code idBytes} bytes. */
  static long headerSize(int idBytes) {
    return MAGIC.length + 2L + idBytes + 8;
  }

  /** The framed record of an event journaled for {@code rules} as {@code seq}. */
  static ByteBuffer eventRecord(long seq, DockerEvent event, List<String> rules) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(event.json().length() + 64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(EVENT);
      out.writeLong(seq);
      out.writeByte((event.synthetic() ? SYNTHETIC : 0) | (event.killed() ? KILLED : 0));
      out.writeShort(rules.size());
      for (String rule : rules) {
        writeText(out, rule);
      }
      byte[] json = event.json().getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length);
      out.write(json);
      return frame(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory stream failed", e);
    }
  }

  /** The framed record of {@code rule}'s done with the event {@code seq}. */
  static ByteBuffer doneRecord(long seq, String rule) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + rule.length());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(DONE);
      out.writeLong(seq);
      writeText(out, rule);
      return frame(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory stream failed", e);
    }
  }

  private static ByteBuffer frame(byte[] payload) {
    ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
    record.putInt(payload.length).putInt(checksum(ByteBuffer.wrap(payload))).put(payload).flip();
    return record;
  }

  /** The CRC32C of the payload's remaining bytes, as a record's second field holds it. */
  static int checksum(ByteBuffer payload) {
    CRC32C checksum = new CRC32C();
    checksum.update(payload.duplicate());
    return (int) checksum.getValue();
  }

  /** Whether a payload may begin with this byte: an event or a done. */
  static boolean kind(byte kind) {
    return kind == EVENT || kind == DONE;
  }

  /** Whether an event's flags mark it made up by a reconcile. */
  static boolean synthetic(int flags) {
    return (flags & SYNTHETIC) != 0;
  }

  static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /** A rule's name or the engine's: UTF-8 behind its length. */
  static String text(ByteBuffer bytes) {
    byte[] text = new byte[Short.toUnsignedInt(bytes.getShort())];
    bytes.get(text);
    return new String(text, StandardCharsets.UTF_8);
  }

  /** The event of a record, with the marks its flags keep. */
  static DockerEvent event(String json, int flags) throws IOException {
    try {
      DockerEvent parsed = EventJson.parse(json);
      return new DockerEvent(
          parsed.type(),
          parsed.action(),
          parsed.scope(),
          parsed.time(),
          parsed.timeNano(),
          parsed.actor(),
          parsed.json(),
          (flags & SYNTHETIC) != 0,
          (flags & KILLED) != 0);
    } catch (MalformedEventException e) {
      throw new IOException("a journaled event no longer parses: " + e.getMessage(), e);
    }
  }
}
