package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.state.Journal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's file on disk as a crash or an operator leaves it: a record torn by a power cut, a
 * journal moved over from another engine.
 */
class JournalIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String MAGIC = "DERJRNL1";

  @TempDir Path dir;

  private PrivateEngine engine;
  private Recorders recorders;
  private Path actions;
  private Path state;
  private final String prefix = "j" + Long.toHexString(System.nanoTime());

  @BeforeEach
  void setUp() throws Exception {
    engine = new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"));
    actions = dir.resolve("actions");
    state = dir.resolve("state.json");
    recorders = new Recorders(dir).appender("rec", actions);
    engine.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  private Path rules(String command) throws IOException {
    Path file = dir.resolve("rules.yml");
    Files.writeString(
        file,
        // One command at a time, in the order read: the tests assert that order.
        "events_reactor:\n  record:\n    event: {type: volume}\n    order: rule\n    run: "
            + command
            + "\n");
    return file;
  }

  private ReactorProcess reactor(Path rules) throws Exception {
    return reactor(List.of("-Xmx128m"), rules);
  }

  /** A reactor with these JVM flags. */
  private ReactorProcess reactor(List<String> jvmFlags, Path rules) throws Exception {
    return ReactorProcess.start(
        jvmFlags,
        recorders.bin(),
        dir.resolve("reactor-" + System.nanoTime() + ".log"),
        "run",
        "-c",
        rules.toString(),
        "--docker-host",
        engine.docker().host(),
        "--state-file",
        state.toString(),
        "--shutdown-timeout",
        "1s");
  }

  private List<String> actions() {
    try {
      return Files.exists(actions) ? Files.readAllLines(actions) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String savedPosition() {
    try {
      JsonNode saved = JSON.readTree(Files.readString(state));
      return saved.path("action").asText() + " " + saved.path("actorId").asText();
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs a reactor whose rule hangs on every event, reads three volumes' events, and stops it. */
  private List<String> leavePendingEvents() throws Exception {
    Path rules = rules("[sh, -c, 'rec started $0; sleep 60', '%%action%% %%actor.id%%']");
    List<String> generated;
    try (ReactorProcess reactor = reactor(rules);
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      generated = load.volumes(prefix, 3, 0);
      String last = "destroy " + generated.get(2);
      reactor.await(() -> savedPosition().equals(last), WAIT, "every event read");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
    return EventLoad.volumeEvents(generated);
  }

  private Path lastSegment() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(state + ".journal"))) {
      return files.sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  @Test
  void aJournalTornMidRecordIsCutAtStartWithOneLineAndTheIntactEventsRun() throws Exception {
    List<String> events = leavePendingEvents();
    // The stop appended nothing after the six events: the last record is the sixth event's.
    Path segment = lastSegment();
    try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      file.truncate(file.size() - 10);
    }

    try (ReactorProcess reactor = reactor(rules("[rec, '%%action%% %%actor.id%%']"))) {
      reactor.await(() -> actions().size() >= 1 + 5, WAIT, "the five intact events");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
      assertThat(actions().subList(1, actions().size()))
          .containsExactlyElementsOf(events.subList(0, 5));
      String log = reactor.log();
      assertThat(log.split("is torn", -1)).hasSize(2);
      assertThat(log).contains("5 events pending from before this start");
    }
  }

  @Test
  void aLongBacklogRunsAfterARestartUnderTheLaunchersHeap() throws Exception {
    leavePendingEvents();
    // Behind them, 60,000 more events of 1 KiB for the same rule, as a rule hours behind leaves
    // them: some 60 MiB of journal, far more than the 64 MiB heap once parsed.
    Path segment = lastSegment();
    byte[] header = Files.readAllBytes(segment);
    int idLength = ((header[MAGIC.length()] & 0xFF) << 8) | (header[MAGIC.length() + 1] & 0xFF);
    String engineId = new String(header, MAGIC.length() + 2, idLength, StandardCharsets.UTF_8);
    int backlog = 60_000;
    String pad = "p".repeat(900);
    try (Journal journal =
        Journal.open(
            Path.of(state + ".journal"),
            engineId,
            new JournalSettings(Optional.empty(), JournalSettings.Fsync.NEVER, 256L << 20))) {
      for (int i = 0; i < backlog; i++) {
        journal.append(
            EventJson.parse(
                "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"backlog"
                    + i
                    + "\",\"Attributes\":{\"driver\":\"local\",\"pad\":\""
                    + pad
                    + "\"}},\"scope\":\"local\",\"time\":1795535393,\"timeNano\":"
                    + (1795535393000000000L + i)
                    + "}"),
            List.of("record"));
      }
    }
    Path counts = dir.resolve("counts");
    Path rules = dir.resolve("batched.yml");
    Files.writeString(
        rules,
        "events_reactor:\n  record:\n    event: {type: volume}\n    batch: 500\n    stdin: batch\n"
            + "    run: [sh, -c, 'grep -c backlog >> "
            + counts
            + "; true']\n");

    try (ReactorProcess reactor = reactor(ReactorProcess.launcherFlags(), rules)) {
      reactor.await(() -> done(counts) >= backlog, WAIT, "every event of the backlog");
      assertThat(done(counts)).isEqualTo(backlog);
      assertThat(reactor.log()).contains((backlog + 6) + " events pending from before this start");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  /** The sum of the counts the batched rule wrote. */
  private static long done(Path counts) {
    try {
      return Files.exists(counts)
          ? Files.readAllLines(counts).stream().mapToLong(Long::parseLong).sum()
          : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  @Test
  void aJournalOfAnotherEngineIsRefusedWithAClearMessage() throws Exception {
    leavePendingEvents();
    // The engine's ID follows the 8-byte magic and its 2-byte length in every segment's header.
    Path segment = lastSegment();
    byte[] bytes = Files.readAllBytes(segment);
    assertThat(new String(bytes, 0, MAGIC.length(), StandardCharsets.US_ASCII)).isEqualTo(MAGIC);
    bytes[MAGIC.length() + 2] = (byte) (bytes[MAGIC.length() + 2] == 'Q' ? 'R' : 'Q');
    Files.write(segment, bytes);

    try (ReactorProcess reactor = reactor(rules("[rec, '%%action%% %%actor.id%%']"))) {
      assertThat(reactor.awaitExit(WAIT)).isEqualTo(1);
      assertThat(reactor.log())
          .contains(
              "cannot open the journal: the journal in "
                  + state
                  + ".journal belongs to the engine ")
          .contains("Point reactor.journal.path elsewhere");
    }
    assertThat(actions()).hasSize(1);
  }

  /**
   * One flipped bit in the middle of a segment is not a torn end. Before, every record after it was
   * cut and the log said the engine would send them again, which it does not: the checkpoint is
   * past them. Now only the damaged record is lost, and the log says so.
   */
  @Test
  void aFlippedBitMidSegmentLosesOnlyItsRecordAndSaysSo() throws Exception {
    List<String> events = leavePendingEvents();
    Path segment = lastSegment();
    byte[] bytes = Files.readAllBytes(segment);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    // The third event's record: its raw JSON begins with its type, as the engine writes it.
    int at = -1;
    for (int i = 0; i < 3; i++) {
      at = text.indexOf("\"Action\"", at + 1);
    }
    bytes[at + 3] ^= 0x04;
    Files.write(segment, bytes);
    long size = Files.size(segment);

    try (ReactorProcess reactor = reactor(rules("[rec, '%%action%% %%actor.id%%']"))) {
      reactor.await(() -> actions().size() >= 1 + 5, WAIT, "the five intact events");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
      List<String> intact = new java.util.ArrayList<>(events);
      intact.remove(2);
      assertThat(actions().subList(1, actions().size())).containsExactlyElementsOf(intact);
      String log = reactor.log();
      assertThat(log)
          .contains("hold no valid record (a flipped bit, a bad sector): passed over")
          .doesNotContain("is torn")
          .doesNotContain("again from the engine");
    }
    assertThat(segment).hasSize(size);
  }
}
