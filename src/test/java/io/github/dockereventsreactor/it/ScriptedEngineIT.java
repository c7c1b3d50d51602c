package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading path against an engine that misbehaves on purpose ({@link ScriptedEngine}): odd
 * events, oversized and endless lines, streams that close, stall or break mid-chunk. Each test
 * asserts that the events after the bad one are acted on exactly once, that the log says what
 * happened in a few lines, and that SIGTERM still stops the reactor.
 */
class ScriptedEngineIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ID = "c0ffee".repeat(10) + "abcd";
  private static final String RECORD_NAMES =
      "events_reactor:\n  record:\n    event: {type: container, action: start}\n"
          + "    order: rule\n    run: [rec, '%%actor.name%%']\n";

  @TempDir Path dir;

  private ScriptedEngine engine;
  private Recorders recorders;
  private Path actions;

  @BeforeEach
  void setUp() throws Exception {
    // Unix socket paths are limited to 108 bytes: keep the socket short.
    engine = ScriptedEngine.start(Files.createTempDirectory(Path.of("/tmp"), "se").resolve("e.sock"));
    actions = dir.resolve("actions");
    recorders = new Recorders(dir).appender("rec", actions);
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  private ReactorProcess reactor(String rules, String... extra) throws Exception {
    Path file = dir.resolve("rules.yml");
    Files.writeString(file, rules);
    List<String> args = new ArrayList<>(List.of("run", "-c", file.toString(), "--docker-host", engine.host()));
    args.addAll(List.of(extra));
    return ReactorProcess.start(
        recorders.bin(), dir.resolve("reactor-" + System.nanoTime() + ".log"), args.toArray(String[]::new));
  }

  private List<String> actions() {
    try {
      return Files.exists(actions) ? Files.readAllLines(actions) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  private static String start(String name, long timeNano) {
    return ScriptedEngine.event("start", ID, name, timeNano);
  }

  /** Stops the reactor with SIGTERM and asserts it exits 0 within the shutdown timeout. */
  private static void stop(ReactorProcess reactor) throws Exception {
    reactor.signal("TERM");
    assertThat(reactor.awaitExit(Duration.ofSeconds(10))).isZero();
  }

  @Test
  void aLineThatIsNotAnEventIsSkippedAndTheNextOnesAreActedOnOnce() throws Exception {
    long t = now();
    engine.events(s -> {
      s.event(start("before", t));
      s.chunk("{not json\n");
      s.event(start("after", t + 1));
      s.hold();
    });
    try (ReactorProcess reactor = reactor(RECORD_NAMES)) {
      reactor.await(() -> actions().contains("after"), WAIT, "the event after the bad line");
      assertThat(actions()).containsExactly("before", "after");
      assertThat(reactor.log()).contains("cannot be read");
      stop(reactor);
    }
  }
}
