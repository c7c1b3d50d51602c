package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.core.EventJournal.Pending;
import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.JournalSettings;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events pending from before a start, read back from the segments one record at a time. */
class PendingReaderTest {

  // Segments of 64 KiB, the smallest: some sixty events of 1 KiB each.
  private static final JournalSettings SETTINGS =
      new JournalSettings(Optional.empty(), JournalSettings.Fsync.NEVER, 1L << 20);
  private static final String ENGINE = "engine-a";
  private static final long HEADER = 8 + 2 + (long) ENGINE.length() + 8;

  @TempDir Path dir;

  private final PendingBefore notDone = new PendingBefore();

  private static DockerEvent event(int n) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
            + n
            + "\",\"Attributes\":{\"pad\":\""
            + "p".repeat(1000)
            + "\"}},\"timeNano\":"
            + n
            + "}");
  }

  /** Writes {@code count} events for salt and log through a journal; their segment files. */
  private List<Path> segments(int count) throws Exception {
    try (Journal journal = Journal.open(dir, ENGINE, SETTINGS)) {
      for (int i = 1; i <= count; i++) {
        long seq = journal.append(event(i), List.of("salt", "log")).getAsLong();
        notDone.took("salt", seq);
        notDone.took("log", seq);
      }
    }
    return files();
  }

  /** The journal's segment files, oldest first. */
  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private List<Pending> read(List<Path> files, long startSeq) {
    try (Stream<Pending> pending =
        new PendingReader(dir, files, HEADER, startSeq, notDone).stream()) {
      return pending.toList();
    }
  }

  private static List<String> ids(List<Pending> pending) {
    List<String> ids = new ArrayList<>();
    pending.forEach(p -> ids.add(p.event().actor().id() + " " + p.rules()));
    return ids;
  }

  @Test
  void eachEventComesBackInOrderWithTheRulesThatHadNotDoneIt() throws Exception {
    List<Path> files = segments(4);
    notDone.settle("log", 1);
    notDone.settle("salt", 2);
    notDone.settle("log", 2);

    assertThat(ids(read(files, 5)))
        .containsExactly("v1 [salt]", "v3 [salt, log]", "v4 [salt, log]");
  }

  @Test
  void eventsFromThisStartOnAndDeletedSegmentsArePassedOver() throws Exception {
    List<Path> files = segments(150);
    assertThat(files).hasSize(3);
    Files.delete(files.get(0));
    List<Pending> pending = read(files, 150);

    assertThat(pending).isNotEmpty();
    assertThat(pending.get(0).seq()).isGreaterThan(1);
    assertThat(pending).extracting(Pending::seq).isSorted().allMatch(seq -> seq < 150);
    assertThat(pending.get(pending.size() - 1).seq()).isEqualTo(149);
    assertThat(pending.get(0).event()).isEqualTo(event((int) pending.get(0).seq()));
  }

  @Test
  void anIteratorPastItsEndSaysSo() throws Exception {
    List<Path> files = segments(1);
    Iterator<Pending> reader = new PendingReader(dir, files, HEADER, 2, notDone);

    assertThat(reader.next().seq()).isEqualTo(1);
    assertThat(reader.hasNext()).isFalse();
    assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void anEventThatNoLongerParsesIsAnUncheckedErrorOfTheRead() throws Exception {
    DockerEvent broken =
        new DockerEvent(
            "volume",
            "create",
            "local",
            1,
            1,
            new Actor("v1", Map.of()),
            "{not json",
            false,
            false);
    try (Journal journal = Journal.open(dir, ENGINE, SETTINGS)) {
      long seq = journal.append(broken, List.of("salt")).getAsLong();
      notDone.took("salt", seq);
    }
    List<Path> files = files();

    assertThatThrownBy(() -> read(files, 2))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot read the journal's pending events")
        .hasRootCauseInstanceOf(io.github.dockereventsreactor.event.MalformedEventException.class);
  }
}
