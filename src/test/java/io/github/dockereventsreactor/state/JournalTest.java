package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.dockereventsreactor.LiveHeap;
import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.core.EventJournal;
import io.github.dockereventsreactor.core.EventJournal.Pending;
import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.sim.SimDisk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final JournalSettings SETTINGS =
      new JournalSettings(Optional.empty(), JournalSettings.Fsync.BATCH, 1L << 20);

  @TempDir Path dir;

  private final SimDisk disk = new SimDisk();

  private static DockerEvent event(int n, String padding) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
            + n
            + "\",\"Attributes\":{\"driver\":\"local\",\"pad\":\""
            + padding
            + "\"}},\"scope\":\"local\","
            + "\"time\":1795535393,\"timeNano\":"
            + (1795535393000000000L + n)
            + "}");
  }

  private Journal open(String engine) throws IOException {
    return Journal.open(dir, engine, SETTINGS);
  }

  private static List<Pending> pending(Journal journal) {
    try (Stream<Pending> pending = journal.pending()) {
      return pending.toList();
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void pendingEventsComeBackInOrderWithTheirIdentityAndTheRulesNotDoneWithThem() throws Exception {
    try (Journal journal = open("engine-a")) {
      long first = journal.append(event(1, ""), List.of("salt", "log")).getAsLong();
      long second = journal.append(event(2, ""), List.of("salt")).getAsLong();
      long third = journal.append(event(3, ""), List.of("log")).getAsLong();
      journal.done(first, "log");
      journal.done(second, "salt");
      assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
    }
    try (Journal journal = open("engine-a")) {
      List<Pending> pending = pending(journal);
      assertThat(pending).extracting(p -> p.event().actor().id()).containsExactly("v1", "v3");
      assertThat(pending)
          .extracting(Pending::rules)
          .containsExactly(List.of("salt"), List.of("log"));
      assertThat(pending.get(0).event()).isEqualTo(event(1, ""));
      assertThat(journal.recent()).extracting(EventId::actorId).containsExactly("v1", "v2", "v3");
      OptionalLong next = journal.append(event(4, ""), List.of("salt"));
      assertThat(next.getAsLong()).isGreaterThan(pending.get(1).seq());
    }
  }

  /**
   * A reconcile's event is pending like any other, but not among the identities a restart resumes
   * from: stamped when made up, the newest, it became the resume point and skipped the events of
   * the stream not read yet.
   */
  @Test
  void aSyntheticEventIsPendingButNotAmongTheRecentIdentities() throws Exception {
    DockerEvent made =
        EventJson.synthetic(
            "container", "start", new Actor("s", Map.of("name", "s")), 1795535453000000000L);
    try (Journal journal = open("engine-a")) {
      journal.append(event(1, ""), List.of("salt"));
      journal.append(made, List.of("salt"));
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal))
          .extracting(p -> p.event().synthetic())
          .containsExactly(false, true);
      assertThat(journal.recent()).extracting(EventId::actorId).containsExactly("v1");
      assertThat(Checkpoint.resume(Optional.empty(), journal.recent()).map(Checkpoint::last))
          .hasValue(new EventId(1795535393000000001L, "volume", "create", "v1"));
    }
  }

  /**
   * An append the disk cut short (full, then room again) left half a record in the segment: the
   * next start took it for a torn end and cut the events appended after it, which the state file
   * already named as read. They were lost for good.
   */
  @Test
  void anAppendCutShortByAFullDiskLosesNoLaterEvent() throws Exception {
    try (Journal journal = onTheSimulatedDisk()) {
      disk.fullFor(1);

      // Not kept, but acted on: a full disk costs durability, not delivery.
      assertThat(journal.append(event(1, "x".repeat(300)), List.of("salt")))
          .hasValue(EventJournal.NOT_KEPT);
      assertThat(journal.append(event(2, ""), List.of("salt"))).isPresent();
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).extracting(p -> p.event().actor().id()).containsExactly("v2");
    }
  }

  /** A new segment that cannot be begun leaves the appends going on in the current one. */
  @Test
  void aSegmentThatCannotBeBegunCostsNoEventAndIsTriedAgain() throws Exception {
    try (Journal journal = open("engine-a")) {
      // The name the next segment would take is held: its creation fails, as on a full disk.
      Path first = segments().get(0);
      long number = Long.parseLong(first.getFileName().toString().replace(".journal", ""));
      Path next = Files.writeString(dir.resolve(String.format("%020d.journal", number + 1)), "");
      // 1 KiB events: the 64 KiB segment is full after some 60 of them.
      for (int i = 1; i <= 100; i++) {
        assertThat(journal.append(event(i, "p".repeat(1000)), List.of("salt"))).isPresent();
      }
      assertThat(segments()).containsExactly(first, next);
      assertThat(next).isEmptyFile();
      Files.delete(next);
      for (int i = 101; i <= 110; i++) {
        assertThat(journal.append(event(i, "p".repeat(1000)), List.of("salt"))).isPresent();
      }
      assertThat(segments()).containsExactly(first, next);
      assertThat(Files.size(next)).isPositive();
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).hasSize(110);
    }
  }

  @Test
  void aSegmentCutInItsHeaderIsRemovedAndAForeignFileIsRefusedNotRemoved() throws Exception {
    try (Journal journal = open("engine-a")) {
      journal.append(event(1, ""), List.of("salt"));
    }
    // A rotation cut by a crash: the magic, the engine's name and half its first sequence number
    // reached the disk.
    Path cut = dir.resolve(String.format("%020d.journal", 7));
    Files.write(
        cut, Arrays.copyOf("DERJRNL1\0\10engine-a".getBytes(StandardCharsets.US_ASCII), 22));
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).extracting(p -> p.event().actor().id()).containsExactly("v1");
    }
    assertThat(cut).doesNotExist();

    // Not ours, whatever its length field would say: refused, and left where it is.
    Path foreign = dir.resolve(String.format("%020d.journal", 8));
    Files.writeString(foreign, "these are an operator's notes, not a journal segment\n");
    assertThatThrownBy(() -> open("engine-a"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a reactor journal segment");
    assertThat(foreign).exists();
  }

  @Test
  void aLongBacklogIsReadBackOneEventAtATimeNotHeldInTheHeapAtOpening() throws Exception {
    // 40,000 pending events of 1 KiB: some 40 MiB on disk, over 100 MiB parsed; the daemon's heap
    // is 64 MiB. Opening the journal must keep which rule owes which event, not the events.
    JournalSettings large =
        new JournalSettings(Optional.empty(), JournalSettings.Fsync.NEVER, 256L << 20);
    String pad = "p".repeat(900);
    int events = 40_000;
    try (Journal journal = Journal.open(dir, "engine-a", large)) {
      for (int i = 1; i <= events; i++) {
        long seq = journal.append(event(i, pad), List.of("salt", "log")).getAsLong();
        if (i % 2 == 0) {
          journal.done(seq, "log");
        }
      }
    }
    long before = LiveHeap.bytes();
    try (Journal journal = Journal.open(dir, "engine-a", large)) {
      long opened = LiveHeap.bytes() - before;
      assertThat(journal.pendingCount()).isEqualTo(events);
      assertThat(opened).isLessThan(4L << 20);

      long[] count = {0};
      int[] both = {0};
      long[] last = {0};
      try (Stream<Pending> pending = journal.pending()) {
        pending.forEach(
            p -> {
              assertThat(p.seq()).isGreaterThan(last[0]);
              last[0] = p.seq();
              count[0]++;
              both[0] += p.rules().size() == 2 ? 1 : 0;
              assertThat(p.event().actor().id()).isEqualTo("v" + count[0]);
            });
      }
      assertThat(count[0]).isEqualTo(events);
      assertThat(both[0]).isEqualTo(events / 2);
    }
  }

  @Test
  void aSpillingRuleReadsBackItsOwnEventsInOrderInChunksAcrossSegmentsAndARestart()
      throws Exception {
    // 1 MiB over 16 segments: 64 KiB each; events of 2 KiB fill one in about 30.
    String pad = "p".repeat(2000);
    List<Long> seqs = new ArrayList<>();
    try (Journal journal = open("engine-a")) {
      for (int i = 0; i < 100; i++) {
        seqs.add(
            journal
                .append(event(i, pad), i % 2 == 0 ? List.of("a", "b") : List.of("b"))
                .getAsLong());
      }
      assertThat(segments()).hasSizeGreaterThan(3);
      long from = seqs.get(10);
      long to = seqs.get(89);
      List<String> read = new ArrayList<>();
      for (List<Pending> chunk = journal.spilled("a", from, to, 7);
          !chunk.isEmpty();
          chunk = journal.spilled("a", from, to, 7)) {
        assertThat(chunk).hasSizeLessThanOrEqualTo(7);
        chunk.forEach(p -> read.add(p.event().actor().id()));
        from = chunk.get(chunk.size() - 1).seq() + 1;
      }
      List<String> expected = new ArrayList<>();
      for (int i = 10; i <= 89; i += 2) {
        expected.add("v" + i);
      }
      assertThat(read).isEqualTo(expected);
      assertThat(journal.spilled("a", seqs.get(10), seqs.get(10), 5))
          .extracting(p -> p.event())
          .containsExactly(event(10, pad));
      // Done before the restart: not read back after it.
      journal.done(seqs.get(20), "a");
    }
    try (Journal journal = open("engine-a")) {
      assertThat(journal.spilled("a", seqs.get(18), seqs.get(24), 100))
          .extracting(p -> p.event().actor().id())
          .containsExactly("v18", "v22", "v24");
    }
  }

  @Test
  void aSyntheticOrKilledEventKeepsItsMarks() throws Exception {
    DockerEvent killed = event(1, "").withKilled(true);
    try (Journal journal = open("engine-a")) {
      journal.append(killed, List.of("r"));
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal).get(0).event()).isEqualTo(killed);
    }
  }

  @Test
  void aTornLastRecordIsCutAndTheRestKept() throws Exception {
    try (Journal journal = open("engine-a")) {
      for (int i = 1; i <= 3; i++) {
        journal.append(event(i, "x".repeat(100)), List.of("r"));
      }
    }
    Path segment = segments().get(0);
    long size = Files.size(segment);
    try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      file.truncate(size - 40);
    }

    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal))
          .extracting(p -> p.event().actor().id())
          .containsExactly("v1", "v2");
      journal.append(event(4, ""), List.of("r"));
    }
    assertThat(Files.size(segment)).isLessThan(size - 40);
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal))
          .extracting(p -> p.event().actor().id())
          .containsExactly("v1", "v2", "v4");
    }
  }

  @Test
  void aRecordWithABadChecksumIsTreatedAsTorn() throws Exception {
    try (Journal journal = open("engine-a")) {
      journal.append(event(1, ""), List.of("r"));
      journal.append(event(2, ""), List.of("r"));
    }
    Path segment = segments().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 3] ^= 0x20;
    Files.write(segment, bytes);

    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).extracting(p -> p.event().actor().id()).containsExactly("v1");
    }
  }

  @Test
  void aJournalOfAnotherEngineIsRefusedWithBothEnginesNamed() throws Exception {
    try (Journal journal = open("engine-a")) {
      journal.append(event(1, ""), List.of("r"));
    }
    assertThatThrownBy(() -> open("engine-b"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to the engine engine-a, not to the engine engine-b")
        .hasMessageContaining("reactor.journal.path");
  }

  @Test
  void segmentsRotateAndAreDeletedOnceEveryEventInThemIsDone() throws Exception {
    try (Journal journal = open("engine-a")) {
      List<Long> seqs = new ArrayList<>();
      String padding = "p".repeat(1000);
      for (int i = 0; i < 300; i++) {
        seqs.add(journal.append(event(i, padding), List.of("r")).getAsLong());
      }
      int rotated = segments().size();
      assertThat(rotated).isGreaterThan(3);

      seqs.subList(0, 150).forEach(seq -> journal.done(seq, "r"));
      journal.commit();
      int partly = segments().size();
      assertThat(partly).isLessThan(rotated).isGreaterThan(2);

      seqs.subList(150, 300).forEach(seq -> journal.done(seq, "r"));
      journal.commit();
      assertThat(segments()).hasSize(2);
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).isEmpty();
    }
  }

  @Test
  void segmentsRotatedByDoneRecordsAloneAreCountedAndDeletedToo() throws Exception {
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rules.add(i + "r".repeat(10_000));
    }
    try (Journal journal = open("engine-a")) {
      long seq = journal.append(event(1, ""), rules).getAsLong();
      rules.forEach(rule -> journal.done(seq, rule));
      assertThat(segments().size()).isGreaterThan(3);
      journal.commit();
      assertThat(segments()).hasSize(2);
      // Nothing orphaned in the count of bytes either: the whole cap is free again.
      String padding = "p".repeat(10_000);
      for (int i = 0; i < 80; i++) {
        assertThat(journal.append(event(i, padding), List.of("r"))).isPresent();
      }
    }
  }

  @Test
  void aFullJournalRefusesNewEventsUntilRulesCatchUp() throws Exception {
    try (Journal journal = open("engine-a")) {
      String padding = "p".repeat(10_000);
      List<Long> kept = new ArrayList<>();
      OptionalLong seq = journal.append(event(0, padding), List.of("r"));
      while (seq.isPresent()) {
        kept.add(seq.getAsLong());
        seq = journal.append(event(kept.size(), padding), List.of("r"));
      }
      assertThat(kept.size() * 10_000L).isBetween(900_000L, 1L << 20);

      kept.forEach(s -> journal.done(s, "r"));
      assertThat(journal.append(event(0, padding), List.of("r"))).isPresent();
    }
  }

  /** The journal of engine-a on the simulated disk, committed by the test. */
  private Journal onTheSimulatedDisk() throws IOException {
    return Journal.unscheduled(disk.path(dir), "engine-a", SETTINGS, System::nanoTime);
  }

  /**
   * A full disk: events are still handed to the rules (not kept), the done marks the disk refused
   * wait in memory and are written when it has room again, so a restart runs nothing that was done.
   * Before, the appends were refused (the events dropped as queue_full) and the done marks lost:
   * the restart ran again every event done while the disk was full.
   */
  @Test
  void aFullDiskKeepsTheDoneMarksAndWritesThemWhenItHasRoomAgain() throws Exception {
    try (Journal journal = onTheSimulatedDisk()) {
      long first = journal.append(event(1, ""), List.of("salt")).getAsLong();
      long second = journal.append(event(2, ""), List.of("salt")).getAsLong();
      disk.full();

      assertThat(journal.append(event(3, ""), List.of("salt"))).hasValue(EventJournal.NOT_KEPT);
      journal.done(first, "salt");
      journal.done(second, "salt");
      assertThat(journal.failure())
          .hasValueSatisfying(
              why ->
                  assertThat(why)
                      .startsWith("cannot write the journal " + dir + ": No space left on device")
                      .contains("events are still acted on"));

      disk.roomAgain();
      journal.commit();
      // The marks are written; the journal is well again once an event is.
      assertThat(journal.failure()).isPresent();
      long fourth = journal.append(event(4, ""), List.of("salt")).getAsLong();
      assertThat(journal.failure()).isEmpty();
      journal.done(fourth, "salt");
    }
    try (Journal journal = open("engine-a")) {
      assertThat(journal.pendingCount()).isZero();
    }
  }

  /**
   * A start on a full disk has no segment; once the disk has room the committer begins one, so an
   * idle journal is ready again. Before, only an event's append tried again: the last events of a
   * burst, refused within the second after a failed try, left it not ready until the next event.
   */
  @Test
  void aJournalStartedOnAFullDiskIsReadyAgainOnceItHasRoomWithoutAnEvent() throws Exception {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1);
    disk.full();
    try (Journal journal = Journal.unscheduled(disk.path(dir), "engine-a", SETTINGS, nanos::get)) {
      assertThat(journal.append(event(1, ""), List.of("salt"))).hasValue(EventJournal.NOT_KEPT);
      assertThat(journal.failure()).isPresent();

      disk.roomAgain();
      nanos.addAndGet(Duration.ofSeconds(2).toNanos());
      journal.commit();
      assertThat(journal.failure()).isEmpty();
    }
  }

  /**
   * A thread interrupted while it writes (a stop interrupting the rules' threads, whose commands it
   * kills) writes all the same, keeps its interrupt, and the journal goes on: an interrupt closes a
   * {@code FileChannel} for good, which would leave every later append and done mark unwritten.
   */
  @Test
  void anInterruptedWriterStillWritesAndTheJournalGoesOn() throws Exception {
    try (Journal journal = open("engine-a")) {
      long first = journal.append(event(1, ""), List.of("salt")).getAsLong();
      Thread.currentThread().interrupt();
      try {
        journal.done(first, "salt");
        assertThat(journal.append(event(2, ""), List.of("salt")).getAsLong())
            .isNotEqualTo(EventJournal.NOT_KEPT);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(journal.append(event(3, ""), List.of("salt")).getAsLong())
          .isNotEqualTo(EventJournal.NOT_KEPT);
      assertThat(journal.failure()).isEmpty();
    }
    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal))
          .extracting(p -> p.event().actor().id())
          .containsExactly("v2", "v3");
    }
  }

  /**
   * An fsync that fails (an I/O error) leaves the journal not ready until one works: before, the
   * group commit's failure was logged only, the journal said it was written and /readyz ready,
   * while the checkpoint waited without a word (the simulator's seed 1).
   */
  @Test
  void aFailingFsyncSaysNotWrittenUntilOneWorks() throws Exception {
    try (Journal journal = onTheSimulatedDisk()) {
      journal.append(event(1, ""), List.of("salt"));
      disk.failNextForce();

      assertThatThrownBy(journal::sync).hasMessageContaining("Input/output error");
      assertThat(journal.failure())
          .hasValueSatisfying(why -> assertThat(why).contains("Input/output error"));
      journal.append(event(2, ""), List.of("salt"));
      assertThat(journal.failure()).isPresent();

      journal.sync();
      assertThat(journal.failure()).isEmpty();
    }
  }

  /** Writes the segment's bytes back with one bit of the record holding {@code marker} flipped. */
  private void flipABitOf(String marker) throws IOException {
    Path segment = segments().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
    bytes[at] ^= 0x04;
    Files.write(segment, bytes);
  }

  /**
   * A flipped bit in the middle of a segment is not a torn end: the records after it are kept and
   * run, and the segment is not cut. Before, every record after it was truncated away.
   */
  @Test
  void aFlippedBitMidSegmentCostsOnlyItsRecord() throws Exception {
    try (Journal journal = open("engine-a")) {
      for (int i = 1; i <= 5; i++) {
        journal.append(event(i, "pad" + i), List.of("salt"));
      }
    }
    flipABitOf("pad3");
    long size = Files.size(segments().get(0));

    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal))
          .extracting(p -> p.event().actor().id())
          .containsExactly("v1", "v2", "v4", "v5");
      assertThat(journal.recent())
          .extracting(EventId::actorId)
          .containsExactly("v1", "v2", "v4", "v5");
    }
    assertThat(segments().get(0)).hasSize(size);
  }

  /** Before, a file named like a segment stopped the start: {@code For input string: "notes"}. */
  @Test
  void aStrayFileNamedLikeASegmentIsLeftAlone() throws Exception {
    try (Journal journal = open("engine-a")) {
      journal.append(event(1, ""), List.of("salt"));
    }
    Path notes = Files.writeString(dir.resolve("notes.journal"), "mine");

    try (Journal journal = open("engine-a")) {
      assertThat(pending(journal)).hasSize(1);
    }
    assertThat(notes).hasContent("mine");
  }

  /** Before, opening the FIFO for reading blocked the start until a writer came: for good. */
  @Test
  void aFifoAmongTheSegmentsIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve(String.format("%020d.journal", 7));
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> open("engine-a"))
                .isInstanceOf(IOException.class)
                .hasMessage(
                    "the journal segment "
                        + fifo
                        + " is a FIFO (named pipe), not a regular file: replace it with a file"));
  }
}
