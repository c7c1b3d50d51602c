package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.core.EventJournal;
import io.github.dockereventsreactor.core.Periodic;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.rules.RegularFile;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of pending events on disk: a directory of append-only segments, each opened by a
 * header naming the engine it belongs to, then records of {@code length, CRC32C, payload}. A
 * payload is an event (its sequence number, the rules that took it, its flags and the engine's raw
 * JSON) or one rule's "done" with an event. A segment is deleted once every event in it, and in
 * every older segment, is done; so a "done" is never lost before the event it settles.
 *
 * <p>Writes go to the kernel at once (a {@code kill -9} loses nothing written); {@code fsync}
 * decides when the disk holds them: before {@link #append} returns, every {@value #GROUP_COMMIT_MS}
 * ms for all that came meanwhile (group commit, off the reading thread), or never.
 */
public final class Journal implements EventJournal, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final byte[] MAGIC = "DERJRNL1".getBytes(StandardCharsets.US_ASCII);
  static final long GROUP_COMMIT_MS = 5;
  private static final int RECENT = 256;
  private static final long RETRY_NANOS = 1_000_000_000L;
  private static final Pattern SEGMENT_NAME = Pattern.compile("[0-9]{20}\\.journal");

  /** One file of the journal; {@code outstanding} counts the (event, rule) pairs not done. */
  private static final class Segment {
    final long number;
    final long firstSeq;
    final Path file;
    long size;
    int outstanding;

    Segment(long number, long firstSeq, Path file, long size) {
      this.number = number;
      this.firstSeq = firstSeq;
      this.file = file;
      this.size = size;
    }
  }

  /** A rule's done with the event {@code seq}, not written yet. */
  private record Kept(long seq, String rule) {}

  /** The place of a record: the next read of a spilling rule starts at {@code seq} there. */
  private record Position(long seq, long segment, long offset) {}

  /**
   * What the scan of the segments left on disk keeps: which rule had not done which event (in
   * {@link PendingBefore}), and the raw JSON of the last events appended. Not the pending events
   * themselves: a long backlog (up to {@code max_bytes}, 256 MiB by default) would not fit the
   * heap, and a reactor that runs out of memory at every start never catches up. They are read
   * again from the segments, one at a time, as {@link #pending} is consumed.
   */
  private static final class Scan {
    final ArrayDeque<String> recent = new ArrayDeque<>();
    long nextSeq = 1;
  }

  private final Path dir;
  private final String engineId;
  private final JournalSettings.Fsync fsync;
  private final long maxBytes;
  private final long segmentBytes;
  // By number, oldest first.
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final List<EventId> recent;
  // The segments as they were at this start: the events pending from before it are in them.
  private final List<Segment> before = new ArrayList<>();
  private long pendingCount;
  // Absent when the caller runs the commits itself ({@link #unscheduled}).
  private Optional<ScheduledExecutorService> committer = Optional.empty();
  // What each rule had not done of the events read before this start: a rule that spills reads
  // those back, and not the ones it had done.
  private final PendingBefore pendingBefore = new PendingBefore();
  private long startSeq;
  // Where each spilling rule's last read stopped: the next read goes on from there.
  private final Map<String, Position> spillPositions = new HashMap<>();
  private Segment current;
  // Survives an interrupt (a stop killing a rule's command), which closes a FileChannel for good.
  private AppendFile file;
  private long nextSeq;
  private long totalBytes;
  private boolean dirty;
  // Whether the disk takes what is written: one line when it stops, one when it takes it again.
  private final WriteHealth health;
  // Done marks the disk refused, oldest first: written when it takes them again, so a restart
  // does not run again what was done meanwhile. At most one per (event, rule) journaled.
  private final ArrayDeque<Kept> kept = new ArrayDeque<>();
  private boolean appendFailed;
  // The last fsync failed: what it had to force may not be on the disk until one works.
  private boolean syncFailed;
  private long begunAt;
  // The retry's time: monotonic (a wall clock stepping back would stop the retries).
  private final LongSupplier nanoTime;
  // Log a segment that cannot be begun at a rotation once, not at every event.
  private boolean rotationFailing;
  private boolean full;

  private Journal(Path dir, String engineId, JournalSettings settings, LongSupplier nanoTime) {
    this.dir = dir;
    this.nanoTime = nanoTime;
    this.engineId = engineId;
    this.fsync = settings.fsync();
    this.maxBytes = settings.maxBytes();
    // Sixteen segments to the cap: a done prefix is given back to the disk in small steps.
    this.segmentBytes = Math.max(64 << 10, maxBytes / 16);
    this.recent = new ArrayList<>();
    this.health =
        new WriteHealth(
            "journal " + dir + " written",
            "events are still acted on, but one not written is lost to a crash; done marks wait in"
                + " memory, and the checkpoint where it is, until the disk takes them",
            Clock.systemUTC());
  }

  /**
   * Opens the journal in {@code dir} (created if absent) for the engine {@code engineId}: reads
   * what the last run left, cuts a torn last record, and refuses a journal of another engine.
   */
  public static Journal open(Path dir, String engineId, JournalSettings settings)
      throws IOException {
    Journal journal = unscheduled(dir, engineId, settings, System::nanoTime);
    ScheduledExecutorService committer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "journal");
              t.setDaemon(true);
              return t;
            });
    journal.committer = Optional.of(committer);
    Duration period =
        Duration.ofMillis(settings.fsync() == JournalSettings.Fsync.BATCH ? GROUP_COMMIT_MS : 100);
    Periodic.every(committer, period, period, "committing the journal", journal::commit);
    return journal;
  }

  /**
   * Opens the journal as {@link #open} does, without the thread that commits it: the caller runs
   * {@link #commit} at the times it chooses, and {@code nanoTime} tells the time a refused segment
   * is tried again by, so a single-threaded, seeded run (the fault simulator's) finds the same
   * segments on disk at every step.
   */
  public static Journal unscheduled(
      Path dir, String engineId, JournalSettings settings, LongSupplier nanoTime)
      throws IOException {
    Journal journal = new Journal(dir.toAbsolutePath(), engineId, settings, nanoTime);
    journal.load();
    return journal;
  }

  /**
   * The events read before the last stop that some rule had not done, in the order read, each with
   * those rules: read from the segments as the stream is consumed, one record at a time. Close it.
   * A failure to read is an {@link java.io.UncheckedIOException}.
   */
  public Stream<Pending> pending() {
    List<Path> files = before.stream().map(segment -> segment.file).toList();
    return new PendingReader(dir, files, headerSize(), startSeq, pendingBefore).stream();
  }

  /** How many events {@link #pending} holds. */
  public long pendingCount() {
    return pendingCount;
  }

  /** The identities of the last events appended before this start, oldest first. */
  public List<EventId> recent() {
    return List.copyOf(recent);
  }

  public Path path() {
    return dir;
  }

  private void load() throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("the journal's path " + dir + " is not a directory; move it away");
    }
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(p -> p.getFileName().toString().endsWith(".journal")).forEach(files::add);
    }
    files.removeIf(Journal::foreign);
    files.sort(null);
    Scan scan = new Scan();
    for (int i = 0; i < files.size(); i++) {
      read(files.get(i), scan);
    }
    before.addAll(segments.values());
    for (String json : scan.recent) {
      DockerEvent event = RecordFormat.event(json, 0);
      recent.add(new EventId(event.timeNano(), event.type(), event.action(), event.actor().id()));
    }
    pendingCount = pendingBefore.count();
    nextSeq = scan.nextSeq;
    startSeq = nextSeq;
    begin();
  }

  /**
   * Begins the segment appended to from now on; false, said once, when the disk refuses (full,
   * read-only): the journal then runs without one and tries again, at most once a second, rather
   * than a reactor that cannot start on a full disk (a crash loop under systemd).
   */
  private boolean begin() {
    if (current != null) {
      return true;
    }
    long now = nanoTime.getAsLong();
    if (begunAt != 0 && now - begunAt < RETRY_NANOS) {
      return false;
    }
    begunAt = now;
    try {
      startSegment(segments.isEmpty() ? 1 : segments.lastEntry().getValue().number + 1);
      // A new file written and synced: the disk takes writes again, events or not.
      appendFailed = false;
      return true;
    } catch (IOException e) {
      health.failed(cannotWrite(e));
      return false;
    }
  }

  /**
   * A file named like a segment but not one of ours (a segment's name is its number in 20 digits):
   * left alone, said once.
   */
  private static boolean foreign(Path file) {
    if (SEGMENT_NAME.matcher(file.getFileName().toString()).matches()) {
      return false;
    }
    LOG.warn(
        "journal: {} is not a segment (a segment is named by its number, as {}): left alone",
        file,
        String.format("%020d.journal", 1));
    return true;
  }

  private void read(Path file, Scan scan) throws IOException {
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
      ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 2);
      readFully(in, start, 0);
      start.flip();
      byte[] magic = new byte[MAGIC.length];
      start.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + " is not a reactor journal segment; move it out of " + dir);
      }
      int ownerLength = Short.toUnsignedInt(start.getShort());
      ByteBuffer rest = ByteBuffer.allocate(ownerLength + 8);
      readFully(in, rest, MAGIC.length + 2);
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
      scan.nextSeq = Math.max(scan.nextSeq, segment.firstSeq);
      SegmentRecords records =
          new SegmentRecords(
              in,
              MAGIC.length + 2L + ownerLength + 8,
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
                      scan.nextSeq - 1));
      ByteBuffer payload;
      while ((payload = records.next()) != null) {
        record(payload, scan, segment);
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
      totalBytes += segment.size;
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
      if (size < MAGIC.length + 2 + 8) {
        return false;
      }
      ByteBuffer start = ByteBuffer.allocate(MAGIC.length + 2);
      readFully(in, start, 0);
      byte[] magic = new byte[MAGIC.length];
      start.flip().get(magic);
      return !Arrays.equals(magic, MAGIC)
          || size >= MAGIC.length + 2L + Short.toUnsignedInt(start.getShort()) + 8;
    }
  }

  /** Takes in one record of a segment read at start: which rules took or did which event. */
  private void record(ByteBuffer payload, Scan scan, Segment segment) throws IOException {
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
        scan.recent.addLast(new String(json, StandardCharsets.UTF_8));
        if (scan.recent.size() > RECENT) {
          scan.recent.removeFirst();
        }
      }
      segment.outstanding += count;
      scan.nextSeq = Math.max(scan.nextSeq, seq + 1);
    } else if (kind == RecordFormat.DONE) {
      if (pendingBefore.settle(RecordFormat.text(payload), seq)) {
        segmentOf(seq).outstanding--;
      }
    } else {
      throw new IOException(segment.file + ": unknown record kind " + kind);
    }
  }

  /**
   * The segment holding the event {@code seq}: the newest that began at or before it. Segments
   * rotated by "done" records alone begin at the same sequence number as the one before them.
   */
  private Segment segmentOf(long seq) {
    for (Segment segment : segments.descendingMap().values()) {
      if (segment.firstSeq <= seq) {
        return segment;
      }
    }
    return null;
  }

  /**
   * Begins segment {@code number} and makes it the one appended to. All or nothing: a failure (a
   * full disk while the header is written, no file descriptor left) removes what it created and
   * leaves the current segment as it was, so the appends go on there and the next one tries again;
   * closing the current segment first left every later append failing until a restart.
   */
  private void startSegment(long number) throws IOException {
    Path path = dir.resolve(String.format("%020d.journal", number));
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(header);
    out.write(MAGIC);
    RecordFormat.writeText(out, engineId);
    out.writeLong(nextSeq);
    if (Files.exists(path)) {
      throw new IOException(
          path + " exists already: is another reactor using the journal in " + dir + "?");
    }
    AppendFile opened = AppendFile.create(path);
    try {
      opened.write(ByteBuffer.wrap(header.toByteArray()), 0);
      if (fsync != JournalSettings.Fsync.NEVER) {
        opened.force();
        // The new file's name must reach the disk too, or a power cut forgets the whole segment.
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
          directory.force(true);
        }
      }
    } catch (IOException e) {
      try {
        opened.close();
        Files.deleteIfExists(path);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    AppendFile previous = file;
    file = opened;
    if (previous != null) {
      previous.close();
    }
    current = new Segment(number, nextSeq, path, header.size());
    segments.put(current.number, current);
    totalBytes += current.size;
  }

  @Override
  public synchronized OptionalLong append(DockerEvent event, List<String> rules) {
    long seq = nextSeq;
    ByteBuffer record = RecordFormat.eventRecord(seq, event, rules);
    if (!room(record.remaining())) {
      return OptionalLong.empty();
    }
    if (!begin()) {
      appendFailed = true;
      return OptionalLong.of(NOT_KEPT);
    }
    try {
      put(record);
    } catch (IOException e) {
      // A full or read-only disk costs durability, not delivery: the rules act on the event.
      appendFailed = true;
      health.failed(cannotWrite(e));
      return OptionalLong.of(NOT_KEPT);
    }
    current.outstanding += rules.size();
    nextSeq++;
    appendFailed = false;
    if (fsync == JournalSettings.Fsync.ALWAYS) {
      try {
        file.force();
        syncFailed = false;
      } catch (IOException e) {
        syncFailed = true;
        health.failed(cannotWrite(e));
        return OptionalLong.of(seq);
      }
    }
    writeKept();
    return OptionalLong.of(seq);
  }

  /** Whether the record fits under max_bytes, giving back done segments first; logs a change. */
  private boolean room(int bytes) {
    if (totalBytes + bytes > maxBytes) {
      release(deletable());
    }
    boolean fits = totalBytes + bytes <= maxBytes;
    if (fits == full) {
      full = !fits;
      if (full) {
        LOG.warn(
            "journal {}: full ({} bytes of pending events), new events are dropped until rules catch up",
            dir,
            maxBytes);
      } else {
        LOG.warn("journal {}: has room again", dir);
      }
    }
    return fits;
  }

  private void put(ByteBuffer record) throws IOException {
    if (current.size + record.remaining() > segmentBytes) {
      if (fsync != JournalSettings.Fsync.NEVER) {
        file.force();
      }
      try {
        startSegment(current.number + 1);
        if (rotationFailing) {
          LOG.warn("journal {}: new segments begin again", dir);
          rotationFailing = false;
        }
      } catch (IOException e) {
        // This record goes on in the current segment, a little over its size.
        if (!rotationFailing) {
          LOG.error(
              "journal {}: cannot begin a new segment, appending to {} meanwhile: {}",
              dir,
              current.file.getFileName(),
              e.getMessage());
        }
        rotationFailing = true;
      }
    }
    int size = record.remaining();
    try {
      file.write(record, current.size);
    } catch (IOException e) {
      // Cut short (a full disk writes what fits, then fails): left there, the next start would take
      // it for a torn end and cut every record written after it, events the state file names as
      // read among them. Back to the last whole record.
      try {
        file.truncate(current.size);
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
    current.size += size;
    totalBytes += size;
    dirty = true;
  }

  @Override
  public synchronized void done(long seq, String rule) {
    if (segmentOf(seq) != null) {
      kept.addLast(new Kept(seq, rule));
      writeKept();
    }
  }

  /**
   * Writes the done marks the disk refused so far, oldest first, until it refuses one again; when
   * all are written and the last append was, the journal is healthy again (a small mark may fit
   * where an event does not: that alone is no recovery, or the lines would flip-flop).
   */
  private void writeKept() {
    while (!kept.isEmpty()) {
      if (!begin()) {
        return;
      }
      Kept next = kept.peekFirst();
      try {
        put(RecordFormat.doneRecord(next.seq(), next.rule()));
      } catch (IOException e) {
        // The event stays pending on disk meanwhile: a restart now runs it again, at least once.
        health.failed(cannotWrite(e));
        return;
      }
      kept.removeFirst();
      Segment segment = segmentOf(next.seq());
      if (segment != null) {
        segment.outstanding--;
      }
    }
    if (current != null && !appendFailed && !syncFailed) {
      health.worked();
    }
  }

  private String cannotWrite(IOException e) {
    return "cannot write the journal " + dir + ": " + Failures.reason(e);
  }

  /** Why the journal cannot be written now, naming it and since when; empty while it can. */
  public Optional<String> failure() {
    return health.failure();
  }

  @Override
  public List<Pending> spilled(String rule, long from, long to, int max) throws IOException {
    List<Pending> events = new ArrayList<>();
    Position start;
    List<Segment> files;
    Map<Long, Long> sizes = new HashMap<>();
    synchronized (this) {
      Position hint = spillPositions.remove(rule);
      Segment first = segmentOf(from);
      if (first == null) {
        first = segments.firstEntry().getValue();
      }
      start =
          hint != null && hint.seq() == from && segments.containsKey(hint.segment())
              ? hint
              : new Position(from, first.number, -1);
      files = new ArrayList<>(segments.tailMap(start.segment(), true).values());
      // Read no further than what was written: the reading thread appends meanwhile.
      files.forEach(f -> sizes.put(f.number, f.size));
    }
    for (Segment segment : files) {
      long offset = segment.number == start.segment() && start.offset() >= 0 ? start.offset() : -1;
      Position stop = read(segment, offset, sizes.get(segment.number), rule, from, to, max, events);
      if (stop != null) {
        synchronized (this) {
          spillPositions.put(rule, stop);
        }
        return events;
      }
    }
    return events;
  }

  /**
   * Reads one segment's records from {@code offset} (-1: after its header) up to {@code size},
   * adding the rule's events in the range; the position to go on from when it stopped at {@code
   * max} or past {@code to}, null when the segment ran out first.
   */
  private Position read(
      Segment segment,
      long offset,
      long size,
      String rule,
      long from,
      long to,
      int max,
      List<Pending> events)
      throws IOException {
    try (FileChannel in =
        RegularFile.open(segment.file, "the journal segment", StandardOpenOption.READ)) {
      SegmentRecords records =
          new SegmentRecords(
              in,
              offset >= 0 ? offset : headerSize(),
              size,
              RecordFormat.MAX_RECORD,
              SegmentRecords.Corrupt.IGNORED);
      while (true) {
        long at = records.offset();
        ByteBuffer payload = records.next();
        if (payload == null) {
          return null;
        }
        byte kind = payload.get();
        long seq = payload.getLong();
        if (kind == RecordFormat.EVENT && seq >= from) {
          if (seq > to || events.size() >= max) {
            return new Position(seq, segment.number, at);
          }
          int flags = payload.get();
          int count = payload.getShort();
          List<String> rules = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            rules.add(RecordFormat.text(payload));
          }
          if (rules.contains(rule) && notDoneBefore(rule, seq)) {
            byte[] json = new byte[payload.getInt()];
            payload.get(json);
            events.add(
                new Pending(
                    seq,
                    RecordFormat.event(new String(json, StandardCharsets.UTF_8), flags),
                    rules));
          }
        }
      }
    } catch (NoSuchFileException e) {
      // Deleted as done since the look at the segments: none of the rule's events was in it.
      return null;
    }
  }

  /** False for an event read before this start that the rule had done then. */
  private synchronized boolean notDoneBefore(String rule, long seq) {
    return seq >= startSeq || pendingBefore.notDone(rule, seq);
  }

  private long headerSize() {
    return MAGIC.length + 2L + engineId.getBytes(StandardCharsets.UTF_8).length + 8;
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

  /** Forces what was written to the disk; before the state file may name it as read. */
  public void sync() throws IOException {
    AppendFile open;
    synchronized (this) {
      open = file;
      dirty = false;
    }
    if (open == null) {
      return;
    }
    try {
      open.force();
    } catch (ClosedChannelException e) {
      // Closed by a rotation meanwhile, which synced it.
      LOG.debug("journal {}: {}", dir, e.getMessage());
      return;
    } catch (IOException e) {
      // Not ready until an fsync works: the checkpoint waits meanwhile, and says why.
      synchronized (this) {
        dirty = true;
        syncFailed = true;
        health.failed(cannotWrite(e));
      }
      throw e;
    }
    synchronized (this) {
      syncFailed = false;
      if (current != null && !appendFailed && kept.isEmpty()) {
        health.worked();
      }
    }
  }

  /** The committer's round: group commit (batch), then giving done segments back to the disk. */
  public void commit() {
    try {
      boolean flush;
      synchronized (this) {
        // A failed fsync is tried again whatever the mode: until one works the journal is not
        // ready.
        flush = (dirty && fsync == JournalSettings.Fsync.BATCH) || syncFailed;
      }
      if (flush) {
        sync();
      }
      synchronized (this) {
        // Without a segment (the disk refused one) the committer begins one again, so a journal
        // gets ready once the disk has room without waiting for the next event to try.
        if ((!kept.isEmpty() || current == null) && begin()) {
          writeKept();
        }
      }
      // Under the lock, so the disk never holds fewer segments than the bookkeeping: an unlink
      // is rare (one per segment) and short.
      synchronized (this) {
        release(deletable());
      }
    } catch (IOException e) {
      LOG.error("journal {}: {}", dir, e.getMessage());
    }
  }

  /**
   * The oldest segments whose events are all done, removed from the bookkeeping; the current one
   * stays, and so does the one before it, which holds the recent identities a restart dedupes with.
   */
  private List<Segment> deletable() {
    List<Segment> done = new ArrayList<>();
    while (segments.size() > 2 && segments.firstEntry().getValue().outstanding <= 0) {
      Segment oldest = segments.pollFirstEntry().getValue();
      totalBytes -= oldest.size;
      done.add(oldest);
    }
    return done;
  }

  private void release(List<Segment> done) {
    for (Segment segment : done) {
      try {
        Files.deleteIfExists(segment.file);
      } catch (IOException e) {
        LOG.error(
            "journal {}: cannot delete the done segment {}: {}", dir, segment.file, e.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (committer.isPresent()) {
      committer.get().shutdownNow();
      try {
        committer.get().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (!kept.isEmpty()) {
        // The last chance: what stays kept here runs again at the next start.
        writeKept();
      }
      if (file == null) {
        return;
      }
      if (fsync != JournalSettings.Fsync.NEVER) {
        file.force();
      }
      file.close();
    }
  }
}
