package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 100,000 events for a rule whose command takes 10 s, under the launcher's own flags
 * ({@code -Xmx64m}): the queue budget gives out before the heap does, the excess is dropped and
 * counted exactly, and the daemon keeps answering /metrics the whole time.
 */
class BurstIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int EVENTS = 100_000;

  /** Events per chunk of the stream: the burst arrives in seconds, as fast as the reactor reads. */
  private static final int PER_CHUNK = 500;

  private static final String RULE = "rule=\"slow\"";

  @TempDir Path dir;

  private ScriptedEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    engine = ScriptedEngine.startInTmp("bu");
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  /** A reactor with one rule for the burst's events whose command sleeps {@code seconds}. */
  private ReactorProcess slowRule(List<String> jvmFlags, String options, int seconds)
      throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  slow:\n"
            + "    event: {type: volume, actor: {id: {glob: 'burst-*'}}}\n"
            // One command at a time whatever the actors: the counts assume a single one running.
            + "    order: rule\n"
            + options
            + "    run: [sleep, '"
            + seconds
            + "']\n");
    return ReactorProcess.start(
        jvmFlags,
        new Recorders(dir).bin(),
        dir.resolve("reactor.log"),
        "run",
        "-c",
        rules.toString(),
        "--docker-host",
        engine.host(),
        "--metrics-listen",
        "0",
        "--shutdown-timeout",
        "1s");
  }

  /** A volume event as dockerd writes it, each one distinct by its name and time. */
  private static String volume(int i, long timeNano) {
    return ScriptedEngine.volumeCreate(String.format("burst-%06d", i), timeNano);
  }

  @Test
  void aBurstOfAHundredThousandEventsForASlowRuleIsDroppedAndCountedExactlyUnderTheLaunchersHeap()
      throws Exception {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    engine.events(
        s -> {
          StringBuilder chunk = new StringBuilder();
          for (int i = 0; i < EVENTS; i++) {
            chunk.append(volume(i, t0 + i)).append('\n');
            if ((i + 1) % PER_CHUNK == 0) {
              s.chunk(chunk.toString());
              chunk.setLength(0);
            }
          }
          s.hold();
        });
    try (ReactorProcess reactor = slowRule(ReactorProcess.launcherFlags(), "", 10)) {
      reactor.awaitLog("metrics on port", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      MetricsProbe probe = new MetricsProbe(Scrape.portFrom(reactor.log()));
      probe.start();
      try {
        reactor.await(() -> matched(scrape) >= EVENTS, WAIT, "the burst matched");
        // A command may end and the next start between the samples of one scrape: the sum holds
        // on a scrape taken between such steps, and never if an event were lost or counted twice.
        List<String> seen = new CopyOnWriteArrayList<>();
        reactor.await(
            () -> accountedFor(scrape, seen),
            WAIT,
            "dropped + queued + running + done = " + EVENTS + ", seen: " + seen);
      } finally {
        probe.stop();
      }
      assertThat(reactor.isAlive()).isTrue();
      assertThat(probe.failures).as("scrapes of /metrics that failed during the burst").isEmpty();
      assertThat(probe.answered.get()).as("scrapes answered during the burst").isPositive();
      assertThat(reactor.log()).doesNotContain("OutOfMemoryError");
      assertThat(reactor.log()).contains("rule \"slow\": the queues of all rules are full");
      long rssKib = reactor.peakRssKib();
      System.out.printf("burst of %d events under -Xmx64m: peak RSS %d KiB%n", EVENTS, rssKib);
      assertThat(rssKib).isPositive().isLessThan(192 * 1024);
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void theLiveHeapOfAQueuedEventIsWithinWhatTheQueueBudgetAccountsItAt() throws Exception {
    int events = 20_000;
    long t0 = System.currentTimeMillis() * 1_000_000L;
    CountDownLatch go = new CountDownLatch(1);
    engine.events(
        s -> {
          go.await();
          for (int i = 0; i < events; i++) {
            s.event(volume(i, t0 + i));
          }
          s.hold();
        });
    try (ReactorProcess reactor =
        slowRule(List.of("-XX:+UseSerialGC", "-Xmx512m"), "    queue: " + events + "\n", 60)) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      scrape.samples();
      long before = liveHeap(reactor.pid());
      go.countDown();
      reactor.await(() -> queued(scrape) == events - 1, WAIT, "the burst queued");
      long after = liveHeap(reactor.pid());
      double perEvent = (after - before) / (double) (events - 1);
      double accounted = scrape.sum(scrape.samples(), "reactor_queue_bytes", RULE) / (events - 1);
      System.out.printf(
          "live heap per queued event of %d bytes of JSON: %.0f bytes (accounted at %.0f)%n",
          volume(0, t0).length(), perEvent, accounted);
      assertThat(perEvent).isPositive().isLessThanOrEqualTo(accounted);
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  /** The live heap of a JVM after a full GC, from the total of its class histogram. */
  private static long liveHeap(long pid) throws Exception {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jcmd.waitFor()).as(out).isZero();
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
    assertThat(total.find()).as(out).isTrue();
    return Long.parseLong(total.group(1));
  }

  private static double queued(Scrape scrape) {
    try {
      return scrape.sum(scrape.samples(), "reactor_queue_depth", RULE);
    } catch (Exception e) {
      return 0;
    }
  }

  private static double matched(Scrape scrape) {
    try {
      return scrape.sum(scrape.samples(), "reactor_rule_matches_total", RULE);
    } catch (Exception e) {
      return 0;
    }
  }

  /** Whether one scrape accounts for every matched event, the one running command included. */
  private static boolean accountedFor(Scrape scrape, List<String> seen) {
    try {
      Map<String, Double> samples = scrape.samples();
      double matched = scrape.sum(samples, "reactor_rule_matches_total", RULE);
      double dropped =
          scrape.sum(samples, "reactor_commands_skipped_total", RULE, "reason=\"queue_full\"");
      double queued = scrape.sum(samples, "reactor_queue_depth", RULE);
      double done = scrape.sum(samples, "reactor_commands_finished_total", RULE);
      double running = 1; // concurrency 1 and a queue that is never empty here: one command runs
      seen.add(String.format("%.0f+%.0f+%.0f+%.0f=%.0f", dropped, queued, running, done, matched));
      return queued > 0
          && dropped > 0
          && matched == EVENTS
          && dropped + queued + running + done == matched;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Scrapes /metrics every quarter second, each with a 5-second deadline, and keeps the failures.
   */
  private static final class MetricsProbe {
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpRequest request;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final Thread thread = new Thread(this::run, "metrics probe");
    private volatile boolean probing = true;

    MetricsProbe(int port) {
      request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      probing = false;
      thread.join(10_000);
    }

    private void run() {
      while (probing) {
        try {
          HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            answered.incrementAndGet();
          } else {
            failures.add("status " + r.statusCode());
          }
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
    }
  }
}
