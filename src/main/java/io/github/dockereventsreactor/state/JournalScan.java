package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan of the segments the last run left, once at opening: cuts a torn last record, passes over
 * a corrupt stretch, removes a segment cut before its header was whole, refuses a journal of
 * another engine. It keeps which rule had not done which event (in {@link PendingBefore}) and the
 * identities of the last events appended, not the pending events themselves: a long backlog (up to
 * {@code max_bytes}, 256 MiB by default) would not fit the heap, and a reactor that runs out of
 * memory at every start never catches up. They are read again from the segments, one at a time, by
 * {@link PendingReader}.
 */
final class JournalScan {

  // The journal's logger: its lines keep the logger name they have always had in JSON logs.
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int RECENT = 256;

  /**
   * What the journal starts from: its segments by number, oldest first, each with its size and what
   * it still owes; what each rule had not done; the identities of the last events appended, oldest
   * first; and the sequence number the next event gets.
   */
  record Found(
      TreeMap<Long, Segment> segments,
      PendingBefore pendingBefore,
      List<EventId> recent,
      long nextSeq) {}

  private final Path dir;
  private final String engineId;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final PendingBefore pendingBefore = new PendingBefore();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private long nextSeq = 1;

  private JournalScan(Path dir, String engineId) {
    this.dir = dir;
    this.engineId = engineId;
  }

  /** Reads the journal in {@code dir} (created if absent) of the engine {@code engineId}. */
  static Found read(Path dir, String engineId) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("the journal's path " + dir + " is not a directory; move it away");
    }
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(p -> p.getFileName().toString().endsWith(".journal")).forEach(files::add);
    }
    files.removeIf(JournalScan::foreign);
    files.sort(null);
    JournalScan scan = new JournalScan(dir, engineId);
    for (Path file : files) {
      scan.read(file);
    }
    List<EventId> recent = new ArrayList<>();
    for (String json : scan.recent) {
      DockerEvent event = RecordFormat.event(json, 0);
      recent.add(new EventId(event.timeNano(), event.type(), event.action(), event.actor().id()));
    }
    return new Found(scan.segments, scan.pendingBefore, recent, scan.nextSeq);
  }

  /**
   * A file named like a segment but not one of ours (a segment's name is its number in 20 digits):
   * left alone, said once.
   */
  private static boolean foreign(Path file) {
    if (Segment.named(file)) {
      return false;
    }
    LOG.warn(
        "journal: {} is not a segment (a segment is named by its number, as {}): left alone",
        file,
        Segment.name(1));
    return true;
  }

  private void read(Path file) throws IOException {
    long number = Long.parseLong(file.getFileName().toString().replace(".journal", ""));
    if (!headerComplete(file)) {
      // Created at a rotation and cut before its header reached the disk: it holds nothing.
      LOG.warn("journal: {} has no complete header (cut by a crash), removed", file);
      Files.delete(file);
      return;
    }
    try (FileChannel in =
        RegularFile.open(
            file, "the journal segment", StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = in.size();
      ByteBuffer start = ByteBuffer.allocate(RecordFormat.MAGIC.length + 2);
      readFully(in, start, 0);
      start.flip();
      byte[] magic = new byte[RecordFormat.MAGIC.length];
      start.get(magic);
      if (!Arrays.equals(magic, RecordFormat.MAGIC)) {
        throw new IOException(file + " is not a reactor journal segment; move it out of " + dir);
      }
      int ownerLength = Short.toUnsignedInt(start.getShort());
      ByteBuffer rest = ByteBuffer.allocate(ownerLength + 8);
      readFully(in, rest, RecordFormat.MAGIC.length + 2);
      rest.flip();
      byte[] ownerBytes = new byte[ownerLength];
      rest.get(ownerBytes);
      String owner = new String(ownerBytes, StandardCharsets.UTF_8);
      if (!owner.equals(engineId)) {
        throw new IOException(
            "the journal in "
                + dir
                + " belongs to the engine "
                + owner
                + ", not to the engine "
                + engineId
                + " this reactor reads: its pending events are that engine's. Point"
                + " reactor.journal.path elsewhere, or move "
                + dir
                + " away to drop them");
      }
      Segment segment = new Segment(number, rest.getLong(), file, 0);
      segments.put(segment.number, segment);
      nextSeq = Math.max(nextSeq, segment.firstSeq);
      SegmentRecords records =
          new SegmentRecords(
              in,
              RecordFormat.headerSize(ownerLength),
              size,
              RecordFormat.MAX_RECORD,
              (from, to) ->
                  LOG.error(
                      "journal: bytes {} to {} of {} hold no valid record (a flipped bit, a bad"
                          + " sector): passed over, the records after them are kept; an event"
                          + " journaled in them, after event #{}, is lost",
                      from,
                      to,
                      file,
                      nextSeq - 1));
      ByteBuffer payload;
      while ((payload = records.next()) != null) {
        record(payload, segment);
      }
      long end = records.offset();
      if (end < size) {
        // Nothing valid after it: the end of the last write, which a power cut tore. No record
        // after it was ever synced, so the state file does not name its event as read.
        LOG.warn(
            "journal: the record at byte {} of {} is torn (cut by a crash or a power cut):"
                + " truncated {} bytes; the checkpoint is before them, so the engine sends their"
                + " events again if it still holds them",
            end,
            file,
            size - end);
        in.truncate(end);
        in.force(true);
      }
      segment.size = end;
    }
  }

  /**
   * Whether the segment is long enough to hold its header, the engine's name included. A file that
   * does not begin as a segment does is never taken for a cut one (and deleted): the reading
   * refuses it with a message instead.
   */
  private static boolean headerComplete(Path file) throws IOException {
    try (FileChannel in = RegularFile.open(file, "the journal segment", StandardOpenOption.READ)) {
      long size = in.size();
      if (size < RecordFormat.headerSize(0)) {
        return false;
      }
      ByteBuffer start = ByteBuffer.allocate(RecordFormat.MAGIC.length + 2);
      readFully(in, start, 0);
      byte[] magic = new byte[RecordFormat.MAGIC.length];
      start.flip().get(magic);
      return !Arrays.equals(magic, RecordFormat.MAGIC)
          || size >= RecordFormat.headerSize(Short.toUnsignedInt(start.getShort()));
    }
  }

  /** Takes in one record of a segment: which rules took or did which event. */
  private void record(ByteBuffer payload, Segment segment) throws IOException {
    byte kind = payload.get();
    long seq = payload.getLong();
    if (kind == RecordFormat.EVENT) {
      int flags = payload.get();
      int count = payload.getShort();
      for (int i = 0; i < count; i++) {
        pendingBefore.took(RecordFormat.text(payload), seq);
      }
      byte[] json = new byte[payload.getInt()];
      payload.get(json);
      // A reconcile's event is never replayed by the engine, and stamped when it was made up, the
      // newest, it would move the resume past events of the stream not read yet.
      if (!RecordFormat.synthetic(flags)) {
        recent.addLast(new String(json, StandardCharsets.UTF_8));
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
      }
      segment.outstanding += count;
      nextSeq = Math.max(nextSeq, seq + 1);
    } else if (kind == RecordFormat.DONE) {
      if (pendingBefore.settle(RecordFormat.text(payload), seq)) {
        Segment.holding(segments, seq).outstanding--;
      }
    } else {
      throw new IOException(segment.file + ": unknown record kind " + kind);
    }
  }

  private static void readFully(FileChannel in, ByteBuffer buffer, long at) throws IOException {
    long position = at;
    while (buffer.hasRemaining()) {
      int n = in.read(buffer, position);
      if (n < 0) {
        throw new IOException("the journal ends inside a record at byte " + position);
      }
      position += n;
    }
  }
}
