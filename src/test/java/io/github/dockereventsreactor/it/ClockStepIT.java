package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's clock steps back (an NTP step, a VM restored from a snapshot) while events flow: the
 * daemon acts on every event, before and after the step. No real engine steps its clock on demand,
 * so a scripted one stamps the events.
 */
class ClockStepIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int BEFORE = 300;
  private static final int AFTER = 400;
  private static final long MILLI = 1_000_000L;

  @TempDir Path dir;

  private ScriptedEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    engine = ScriptedEngine.startInTmp("cs");
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  /** A volume event as dockerd writes it, named by its place in the stream. */
  private static String volume(int i, long timeNano) {
    return ScriptedEngine.volumeCreate(String.format("clock-%03d", i), timeNano);
  }

  @Test
  void everyEventIsActedOnAfterTheEnginesClockStepsBackFiftySeconds() throws Exception {
    // Stamped in the past, 10 ms apart, so none is ahead of the engine's Date header.
    long t0 = (System.currentTimeMillis() - 60_000) * MILLI;
    long stepped = t0 + BEFORE * 10 * MILLI - 50_000 * MILLI;
    engine.events(
        s -> {
          for (int i = 0; i < BEFORE; i++) {
            s.event(volume(i, t0 + i * 10L * MILLI));
          }
          for (int i = 0; i < AFTER; i++) {
            s.event(volume(BEFORE + i, stepped + i * 10L * MILLI));
          }
          s.hold();
        });
    Path actions = dir.resolve("actions");
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          record:
            event: {type: volume, actor: {id: {glob: 'clock-*'}}}
            run: [rec, '%%actor.id%%']
        """);
    Set<String> expected =
        IntStream.range(0, BEFORE + AFTER)
            .mapToObj(i -> String.format("clock-%03d", i))
            .collect(Collectors.toSet());
    try (ReactorProcess reactor =
        ReactorProcess.start(
            new Recorders(dir).appender("rec", actions).bin(),
            dir.resolve("reactor.log"),
            "run",
            "-c",
            rules.toString(),
            "--docker-host",
            engine.host(),
            "--shutdown-timeout",
            "1s")) {
      // Before the fix, once the 256 identities of RecentEvents were all of the new time line, they
      // emptied and every later event threw on the reading thread: none of the last 144 acted on.
      reactor.await(
          () -> acted(actions).containsAll(expected),
          WAIT,
          "every event acted on, before and after the step");
      assertThat(acted(actions)).isEqualTo(expected);
      assertThat(Files.readAllLines(actions)).hasSize(BEFORE + AFTER);
      assertThat(reactor.log()).doesNotContain("internal error");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  private static Set<String> acted(Path actions) {
    try {
      return Files.exists(actions) ? new HashSet<>(Files.readAllLines(actions)) : Set.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
