package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.core.EventJournal;
import io.github.dockereventsreactor.core.Periodic;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.rules.RegularFile;
import java.io.Closeable;
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
  static final long GROUP_COMMIT_MS = 5;
  private static final long RETRY_NANOS = 1_000_000_000L;

  /** A rule's done with the event {@code seq}, not written yet. */
  private record Kept(long seq, String rule) {}

  /** The place of a record: the next read of a spilling rule starts at {@code seq} there. */
  private record Position(long seq, long segment, long offset) {}

  private final Path dir;
  private final String engineId;
  private final JournalSettings.Fsync fsync;
  private final long maxBytes;
  private final long segmentBytes;
  // By number, oldest first.
  private final TreeMap<Long, Segment> segments;
  private final List<EventId> recent;
  // The segments as they were at this start: the events pending from before it are in them.
  private final List<Segment> before;
  private final long pendingCount;
  // Absent when the caller runs the commits itself ({@link #unscheduled}).
  private Optional<ScheduledExecutorService> committer = Optional.empty();
  // What each rule had not done of the events read before this start: a rule that spills reads
  // those back, and not the ones it had done.
  private final PendingBefore pendingBefore;
  private final long startSeq;
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

  private Journal(
      Path dir,
      String engineId,
      JournalSettings settings,
      LongSupplier nanoTime,
      JournalScan.Found found) {
    this.dir = dir;
    this.nanoTime = nanoTime;
    this.engineId = engineId;
    this.fsync = settings.fsync();
    this.maxBytes = settings.maxBytes();
    // Sixteen segments to the cap: a done prefix is given back to the disk in small steps.
    this.segmentBytes = Math.max(64 << 10, maxBytes / 16);
    this.segments = found.segments();
    this.before = List.copyOf(segments.values());
    this.totalBytes = segments.values().stream().mapToLong(segment -> segment.size).sum();
    this.recent = found.recent();
    this.pendingBefore = found.pendingBefore();
    this.pendingCount = pendingBefore.count();
    this.nextSeq = found.nextSeq();
    this.startSeq = nextSeq;
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
    Path absolute = dir.toAbsolutePath();
    Journal journal =
        new Journal(absolute, engineId, settings, nanoTime, JournalScan.read(absolute, engineId));
    journal.begin();
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
   * Begins segment {@code number} and makes it the one appended to. All or nothing: a failure (a
   * full disk while the header is written, no file descriptor left) removes what it created and
   * leaves the current segment as it was, so the appends go on there and the next one tries again;
   * closing the current segment first left every later append failing until a restart.
   */
  private void startSegment(long number) throws IOException {
    Path path = dir.resolve(Segment.name(number));
    byte[] header = RecordFormat.header(engineId, nextSeq);
    if (Files.exists(path)) {
      throw new IOException(
          path + " exists already: is another reactor using the journal in " + dir + "?");
    }
    AppendFile opened = AppendFile.create(path);
    try {
      opened.write(ByteBuffer.wrap(header), 0);
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
    current = new Segment(number, nextSeq, path, header.length);
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
    if (Segment.holding(segments, seq) != null) {
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
      Segment segment = Segment.holding(segments, next.seq());
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
      Segment first = Segment.holding(segments, from);
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
    return RecordFormat.headerSize(engineId.getBytes(StandardCharsets.UTF_8).length);
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
