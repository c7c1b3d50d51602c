package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's queue bounded in bytes, against the real engine: every matched event is accounted for.
 */
class QueueBytesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final String prefix = "q" + Long.toHexString(System.nanoTime());

  @Test
  void aQueueOfSixteenKibibytesDropsTheExcessAndCountsEveryEventExactly() throws Exception {
    // A sleep of its own, so the test can tell its command from others on the machine.
    String sleep = "sleep " + (700 + System.nanoTime() % 90);
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  slow:\n"
            + "    event: {type: volume, actor: {id: {glob: '"
            + prefix
            + "-*'}}}\n"
            + "    queue: 16KiB\n"
            // One command at a time, as the count below assumes (the default runs four volumes at
            // once).
            + "    order: rule\n"
            + "    run: [sh, -c, '"
            + sleep
            + "', '%%actor.id%%']\n");
    Recorders recorders = new Recorders(dir);
    try (ReactorProcess reactor =
            ReactorProcess.start(
                recorders.bin(),
                dir.resolve("reactor.log"),
                "run",
                "-c",
                rules.toString(),
                "--metrics-listen",
                "0",
                "--shutdown-timeout",
                "1s");
        EventLoad load = new EventLoad(Docker.local().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      load.volumes(prefix, 200, 0);
      reactor.await(
          () -> sample(scrape, "reactor_rule_matches_total") >= 400,
          WAIT,
          "the 400 events matched");

      Map<String, Double> samples = scrape.samples();
      double started = scrape.sum(samples, "reactor_commands_started_total", "rule=\"slow\"");
      double queued = scrape.sum(samples, "reactor_queue_depth", "rule=\"slow\"");
      double bytes = scrape.sum(samples, "reactor_queue_bytes", "rule=\"slow\"");
      double dropped =
          scrape.sum(
              samples, "reactor_commands_skipped_total", "rule=\"slow\"", "reason=\"queue_full\"");
      System.out.printf(
          "queue: 16KiB under 400 events: 1 running, %.0f queued (%.0f bytes), %.0f dropped%n",
          queued, bytes, dropped);
      // Commands are counted as they end: the first still sleeps, one event running.
      assertThat(started).isZero();
      assertThat(bytes).isPositive().isLessThanOrEqualTo(16 * 1024);
      assertThat(queued).isBetween(1.0, 398.0);
      assertThat(1 + queued + dropped).isEqualTo(400);
      assertThat(reactor.log()).contains("rule \"slow\": queue full (16 KiB in ");

      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  private static double sample(Scrape scrape, String metric) {
    try {
      return scrape.sum(scrape.samples(), metric, "rule=\"slow\"");
    } catch (Exception e) {
      return 0;
    }
  }
}
