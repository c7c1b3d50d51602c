package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overflow: spill} (the default with a journal), under the launcher's own flags: a burst far
 * beyond a rule's queue stays in the journal and is fed back as the rule catches up, so every event
 * is acted on once, in order per actor, nothing dropped, with the daemon answering throughout.
 */
class SpillIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int ACTORS = 40;
  private static final int PER_ACTOR = 100;
  private static final int EVENTS = ACTORS * PER_ACTOR;
  private static final String RULE = "rule=\"spill\"";

  @TempDir Path dir;

  private ScriptedEngine engine;
  private Path actions;
  private Path state;
  private Recorders recorders;

  @BeforeEach
  void setUp() throws Exception {
    engine = ScriptedEngine.startInTmp("sp");
    actions = dir.resolve("actions");
    state = dir.resolve("state.json");
    recorders = new Recorders(dir).appender("rec", actions);
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  private ReactorProcess reactor() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  spill:\n"
            + "    event: {type: volume, actor: {id: {glob: 'spill-*'}}}\n"
            // Twenty events fit; the burst is two hundred times that.
            + "    queue: 20\n"
            + "    run: [rec, '%%actor.id%%', '%%timeNano%%']\n");
    return ReactorProcess.start(
        ReactorProcess.launcherFlags(),
        recorders.bin(),
        dir.resolve("reactor-" + System.nanoTime() + ".log"),
        "run",
        "-c",
        rules.toString(),
        "--docker-host",
        engine.host(),
        "--state-file",
        state.toString(),
        "--metrics-listen",
        "0",
        "--shutdown-timeout",
        "1s");
  }

  /** Event {@code i}: actor {@code i % ACTORS}, stamped in stream order. */
  private static String volume(int i, long t0) {
    String name = String.format("spill-%02d", i % ACTORS);
    long timeNano = t0 + i;
    return "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\""
        + name
        + "\",\"Attributes\":{\"driver\":\"local\"}},\"scope\":\"local\",\"time\":"
        + timeNano / 1_000_000_000L
        + ",\"timeNano\":"
        + timeNano
        + "}";
  }

  private List<String> actions() {
    try {
      return Files.exists(actions) ? Files.readAllLines(actions) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole burst in chunks of 200 events, as fast as the reactor reads. */
  private static void burst(ScriptedEngine.EventStream s, long t0) throws Exception {
    StringBuilder chunk = new StringBuilder();
    for (int i = 0; i < EVENTS; i++) {
      chunk.append(volume(i, t0)).append('\n');
      if ((i + 1) % 200 == 0) {
        s.chunk(chunk.toString());
        chunk.setLength(0);
      }
    }
  }

  @Test
  void aBurstFarBeyondTheQueueIsKeptInTheJournalAndActedOnOnceInOrderPerActor() throws Exception {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    engine.events(
        s -> {
          burst(s, t0);
          s.hold();
        });
    try (ReactorProcess reactor = reactor()) {
      reactor.awaitLog("metrics on port", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      AtomicInteger scrapes = new AtomicInteger();
      AtomicInteger mostSpilled = new AtomicInteger();
      List<String> failures = new ArrayList<>();
      reactor.await(
          () -> {
            try {
              double spilled = scrape.sum(scrape.samples(), "reactor_queue_spilled", RULE);
              mostSpilled.accumulateAndGet((int) spilled, Math::max);
              scrapes.incrementAndGet();
            } catch (Exception e) {
              failures.add(e.toString());
            }
            return actions().size() >= EVENTS;
          },
          WAIT,
          "every event acted on");

      assertThat(reactor.isAlive()).isTrue();
      assertThat(failures).as("scrapes of /metrics that failed").isEmpty();
      assertThat(scrapes.get()).isPositive();
      String log = reactor.log();
      assertThat(log).contains("rule \"spill\": queue full").contains("in the journal");
      assertThat(log).contains("rule \"spill\": caught up with the events kept in the journal");
      assertThat(log).doesNotContain("OutOfMemoryError");
      Map<String, Double> samples = scrape.samples();
      assertThat(
              scrape.sum(samples, "reactor_commands_skipped_total", RULE, "reason=\"queue_full\""))
          .as("dropped")
          .isZero();
      // What waited in the journal was seen, and is all fed back.
      assertThat(mostSpilled.get()).as("events seen spilled").isPositive().isLessThan(EVENTS);
      assertThat(scrape.sum(samples, "reactor_queue_spilled", RULE)).isZero();

      List<String> acted = actions();
      assertThat(acted).hasSize(EVENTS);
      assertThat(new HashSet<>(acted)).as("none twice").hasSize(EVENTS);
      assertInOrderPerActor(acted);

      long rssKib = reactor.peakRssKib();
      System.out.printf(
          "spill of %d events under the launcher's flags: peak RSS %d KiB%n", EVENTS, rssKib);
      assertThat(rssKib).isPositive().isLessThan(192 * 1024);
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void aReactorKilledMidSpillResumesTheSpilledEventsAtItsNextStart() throws Exception {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    // The burst once; the restarted reactor's stream brings nothing new (the engine's replay would
    // be of events the journal holds, which the restart's dedupe knows).
    engine.events(
        s -> {
          burst(s, t0);
          s.hold();
        },
        ScriptedEngine.EventStream::hold);
    int before;
    try (ReactorProcess reactor = reactor()) {
      reactor.await(
          () -> actions().size() >= EVENTS / 10 && logHas(reactor, "in the journal"),
          WAIT,
          "the spill under way");
      reactor.signal("KILL");
      reactor.awaitExit(WAIT);
      before = actions().size();
    }
    assertThat(before).isLessThan(EVENTS);
    try (ReactorProcess reactor = reactor()) {
      reactor.await(
          () -> new HashSet<>(actions()).size() >= EVENTS, WAIT, "every event acted on after it");
      List<String> acted = actions();
      assertThat(new HashSet<>(acted)).hasSize(EVENTS);
      // At least once: only the commands running at the kill (at most the rule's concurrency, 4)
      // ran again.
      assertThat(acted.size() - EVENTS).isBetween(0, 4);
      // A command killed with the reactor may still write its line after the kill: each event's
      // first run is the one in order.
      assertInOrderPerActor(new ArrayList<>(new LinkedHashSet<>(acted)));
      assertThat(reactor.log()).contains("events pending from before this start");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  private static boolean logHas(ReactorProcess reactor, String text) {
    try {
      return reactor.log().contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each actor's events were acted on in the order of their stamps (the order read). */
  private static void assertInOrderPerActor(List<String> acted) {
    Map<String, Long> lastPerActor = new HashMap<>();
    for (String line : acted) {
      String[] parts = line.split(" ");
      long stamp = Long.parseLong(parts[1]);
      Long before = lastPerActor.put(parts[0], stamp);
      assertThat(before == null || before < stamp)
          .as("in order for %s: %s after %s", parts[0], stamp, before)
          .isTrue();
    }
    assertThat(lastPerActor).hasSize(ACTORS);
  }
}
