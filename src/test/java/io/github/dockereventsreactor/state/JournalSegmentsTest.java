package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.JournalSettings;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The journal's segments on disk: their size, which files in the directory are segments, and who
 * gives the done ones back to the disk (the committer on its own, or an append that finds the
 * journal full).
 */
class JournalSegmentsTest {

  private static final String PADDING = "p".repeat(10_000);

  @TempDir Path dir;

  private static JournalSettings capped(long maxBytes) {
    return new JournalSettings(Optional.empty(), JournalSettings.Fsync.BATCH, maxBytes);
  }

  private static DockerEvent event(int n) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
            + n
            + "\",\"Attributes\":{\"pad\":\""
            + PADDING
            + "\"}},\"time\":1795535393,\"timeNano\":"
            + (1795535393000000000L + n)
            + "}");
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".journal")).sorted().toList();
    }
  }

  /** Appends events for rule r until the journal refuses one; their sequence numbers. */
  private static List<Long> fill(Journal journal) throws Exception {
    List<Long> kept = new ArrayList<>();
    OptionalLong seq = journal.append(event(0), List.of("r"));
    while (seq.isPresent()) {
      kept.add(seq.getAsLong());
      seq = journal.append(event(kept.size()), List.of("r"));
    }
    return kept;
  }

  @Test
  void aFullJournalGivesBackItsDoneSegmentsBeforeItRefusesAnEvent() throws Exception {
    // No committer: only the append itself can give the done segments back.
    try (Journal journal =
        Journal.unscheduled(dir, "engine-a", capped(1L << 20), System::nanoTime)) {
      List<Long> kept = fill(journal);
      int full = segments().size();
      kept.forEach(seq -> journal.done(seq, "r"));

      assertThat(journal.append(event(0), List.of("r"))).isPresent();
      assertThat(segments()).hasSizeLessThan(full);
    }
  }

  @Test
  void aSegmentIsASixteenthOfTheCapAndNoLessThan64KiB() throws Exception {
    for (long cap : List.of(4L << 20, 512L << 10)) {
      Path sub = Files.createDirectory(dir.resolve("cap-" + cap));
      long segment = Math.max(64 << 10, cap / 16);
      try (Journal journal = Journal.unscheduled(sub, "engine-a", capped(cap), System::nanoTime)) {
        for (int i = 0; i < 40; i++) {
          assertThat(journal.append(event(i), List.of("r"))).isPresent();
        }
      }
      List<Path> files;
      try (Stream<Path> listing = Files.list(sub)) {
        files = listing.sorted().toList();
      }
      // 40 events of some 10 KiB: every segment but the last is full to within one event.
      assertThat(files).hasSizeGreaterThan(1);
      for (Path full : files.subList(0, files.size() - 1)) {
        assertThat(Files.size(full)).as("%s", full).isBetween(segment - 10_500, segment);
      }
    }
  }

  @Test
  void filesThatAreNotSegmentsAreNeitherReadNorWarnedAbout() throws Exception {
    try (Journal journal =
        Journal.unscheduled(dir, "engine-a", capped(1L << 20), System::nanoTime)) {
      journal.append(event(1), List.of("r"));
    }
    Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.createDirectory(dir.resolve("lost+found"));
    Logger logger = (Logger) LoggerFactory.getLogger(Journal.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (Journal journal =
        Journal.unscheduled(dir, "engine-a", capped(1L << 20), System::nanoTime)) {
      assertThat(journal.pendingCount()).isEqualTo(1);
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    assertThat(notes).hasContent("mine");
  }

  @Test
  void anOpenedJournalGivesItsDoneSegmentsBackOnItsOwn() throws Exception {
    try (WatchService watch = FileSystems.getDefault().newWatchService();
        Journal journal = Journal.open(dir, "engine-a", capped(1L << 20))) {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        seqs.add(journal.append(event(i), List.of("r")).getAsLong());
      }
      assertThat(segments().size()).isGreaterThan(3);
      dir.register(watch, StandardWatchEventKinds.ENTRY_DELETE);
      seqs.forEach(seq -> journal.done(seq, "r"));

      // Nobody here calls commit(): the journal's own committer removes what is done.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (segments().size() > 2) {
        WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(key).as("a done segment removed within 10 s").isNotNull();
        key.pollEvents();
        key.reset();
      }
    }
  }
}
