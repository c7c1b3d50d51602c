package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      """
      events_reactor:
        record:
          event: {type: container, action: start}
          order: rule
          run: [rec, '%%actor.name%%']
      """;

  @TempDir Path dir;

  private ScriptedEngine engine;
  private Recorders recorders;
  private Path actions;

  @BeforeEach
  void setUp() throws Exception {
    engine = ScriptedEngine.startInTmp("se");
    actions = dir.resolve("actions");
    recorders = new Recorders(dir).appender("rec", actions);
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  private ReactorProcess reactor(String rules, String... extra) throws Exception {
    return reactor(List.of("-Xmx128m"), rules, extra);
  }

  private ReactorProcess reactor(List<String> jvmFlags, String rules, String... extra)
      throws Exception {
    Path file = dir.resolve("rules.yml");
    Files.writeString(file, rules);
    List<String> args =
        new ArrayList<>(List.of("run", "-c", file.toString(), "--docker-host", engine.host()));
    args.addAll(List.of(extra));
    return ReactorProcess.start(
        jvmFlags,
        recorders.bin(),
        dir.resolve("reactor-" + System.nanoTime() + ".log"),
        args.toArray(String[]::new));
  }

  /** How many lines of the log contain {@code text}. */
  private static long lines(ReactorProcess reactor, String text) {
    try {
      return reactor.log().lines().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> readyz(ReactorProcess reactor) throws Exception {
    return new Scrape(Scrape.portFrom(reactor.log())).get("/readyz", null);
  }

  /** Waits until /readyz answers with this status and a body containing {@code text}. */
  private static void awaitReadyz(ReactorProcess reactor, int status, String text)
      throws Exception {
    reactor.await(
        () -> {
          try {
            HttpResponse<String> r = readyz(reactor);
            return r.statusCode() == status && r.body().contains(text);
          } catch (Exception e) {
            return false;
          }
        },
        WAIT,
        "/readyz " + status + " \"" + text + "\"");
  }

  /** Each name acted on exactly once, whatever else was. */
  private void assertActedOnOnce(String... names) {
    for (String name : names) {
      assertThat(Collections.frequency(actions(), name))
          .as("times %s was acted on", name)
          .isEqualTo(1);
    }
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

  /** The {@code since} parameter of a resume whose newest event is stamped {@code timeNano}. */
  private static String since(long timeNano) {
    long since = timeNano - 2_000_000_000L;
    return String.format("since=%d.%09d", since / 1_000_000_000L, since % 1_000_000_000L);
  }

  private static String start(String name, long timeNano) {
    return ScriptedEngine.event("start", ID, name, timeNano);
  }

  /**
   * A reopened stream: the replay of the event {@code before}, stamped {@code t}, then {@code
   * after} just after it; then silent.
   */
  private static ScriptedEngine.Script replayThenAfter(long t) {
    return s -> {
      s.event(start("before", t));
      s.event(start("after", t + 1));
      s.hold();
    };
  }

  /**
   * The start events of {@code count} containers whose inspect the engine never answers (their shim
   * hangs), stamped from {@code timeNano} on.
   */
  private List<String> hungStarts(int count, long timeNano) {
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = String.format("%064x", i + 1);
      engine.silent("/containers/" + id + "/json");
      starts.add(ScriptedEngine.event("start", id, "hung-" + i, timeNano + i));
    }
    return starts;
  }

  /** Stops the reactor with SIGTERM and asserts it exits 0 within the shutdown timeout. */
  private static void stop(ReactorProcess reactor) throws Exception {
    reactor.signal("TERM");
    assertThat(reactor.awaitExit(Duration.ofSeconds(10))).isZero();
  }

  @Test
  void aLineThatIsNotAnEventIsSkippedAndTheNextOnesAreActedOnOnce() throws Exception {
    long t = now();
    engine.events(
        s -> {
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

  @Test
  void aBareHealthStatusWithTheStatusDetailOnIsCountedAndTheNextEventsAreActedOnOnce()
      throws Exception {
    long t = now();
    String bare =
        "{\"Type\":\"container\",\"Action\":\"health_status\",\"HealthStatus\":\"healthy\","
            + "\"Actor\":{\"ID\":\""
            + ID
            + "\",\"Attributes\":{\"name\":\"podman\"}},"
            + "\"time\":"
            + t / 1_000_000_000L
            + ",\"timeNano\":"
            + t
            + "}";
    engine.events(
        s -> {
          s.event(start("before", t - 1));
          s.event(bare);
          for (int i = 0; i < 4; i++) {
            s.event(start("after" + i, t + 1 + i));
          }
          s.hold();
        });
    String rules = RECORD_NAMES + "reactor:\n  metrics:\n    health_status_detail: true\n";
    try (ReactorProcess reactor = reactor(rules, "--metrics-listen", "0")) {
      reactor.await(
          () -> actions().contains("after3"), WAIT, "the events after the bare health_status");
      assertActedOnOnce("before", "after0", "after1", "after2", "after3");
      awaitReadyz(reactor, 200, "ready");
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      assertThat(scrape.sum(scrape.samples(), "docker_events_total", "action=\"health_status\""))
          .isEqualTo(1.0);
      assertThat(scrape.sum(scrape.samples(), "reactor_internal_errors_total")).isZero();
      assertThat(reactor.log()).doesNotContain("lost the event stream", "Exception");
      stop(reactor);
    }
  }

  /**
   * A stream that ends within two seconds of its connection: the look for the last event seen, due
   * two seconds after that connection, judged the next stream's replay before that one's time, gave
   * up on it and reported a gap that never was (a reconcile then made up events for containers
   * whose own events were still coming).
   */
  @Test
  void aStreamThatEndsSoonAfterItsConnectionIsNoGapForTheNext() throws Exception {
    long t = now();
    engine.events(
        s -> s.event(start("first", t)).pause(1_000),
        s -> {
          s.pause(1_500);
          s.event(start("first", t));
          s.event(start("second", t + 1));
          s.hold();
        });
    try (ReactorProcess reactor = reactor(RECORD_NAMES)) {
      reactor.await(() -> actions().contains("second"), WAIT, "the event of the second stream");
      assertActedOnOnce("first", "second");
      assertThat(engine.eventConnections()).isEqualTo(2);
      assertThat(reactor.log()).doesNotContain("events were lost");
      stop(reactor);
    }
  }

  private static final String HUGE_START =
      "{\"Type\":\"container\",\"Action\":\"start\",\"pad\":\"";
  private static final String HUGE_END = "\"}";

  @Test
  void aTwentyMegabyteLineUnderTheLaunchersHeapIsSkippedInOneLogLine() throws Exception {
    long t = now();
    byte[] megabyte = new byte[1 << 20];
    Arrays.fill(megabyte, (byte) 'x');
    engine.events(
        s -> {
          s.event(start("before", t));
          s.chunk(HUGE_START);
          for (int i = 0; i < 20; i++) {
            s.chunk(megabyte);
          }
          s.chunk(HUGE_END + "\n");
          s.event(start("after", t + 1));
          s.hold();
        });
    try (ReactorProcess reactor =
        reactor(ReactorProcess.launcherFlags(), RECORD_NAMES, "--metrics-listen", "0")) {
      reactor.await(() -> actions().contains("after"), WAIT, "the event after the huge line");
      assertActedOnOnce("before", "after");
      Matcher skipped =
          Pattern.compile(
                  "skipping an event line of (\\d+) bytes, over the 4194304 bytes of"
                      + " reactor.max_event_bytes; it began: \\{\"Type\":\"container\",\"Action\":\"start\",\"pad\":\"x+$",
                  Pattern.MULTILINE)
              .matcher(reactor.log());
      assertThat(skipped.find())
          .as("the skip is logged with its size and head:%n%s", reactor.log())
          .isTrue();
      assertThat(Long.parseLong(skipped.group(1)))
          .isEqualTo(HUGE_START.length() + 20L * (1 << 20) + HUGE_END.length());
      assertThat(lines(reactor, "skipping")).isEqualTo(1);
      assertThat(reactor.log()).doesNotContain("lost the event stream");
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  @Test
  void anEndlessLineIsSkippedAsAStallAndSigtermStillStopsTheReactorWhileOneStreams()
      throws Exception {
    long t = now();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'z');
    ScriptedEngine.Script endless =
        s -> {
          while (true) {
            s.chunk(chunk);
          }
        };
    engine.events(
        s -> {
          s.event(start("before", t));
          s.chunk("{\"Type\":\"container\",\"Action\":\"");
          endless.play(s);
        },
        s -> {
          s.event(start("before", t));
          s.event(start("after", t + 1));
          s.chunk("{\"Type\":\"container\",\"Action\":\"");
          endless.play(s);
        });
    try (ReactorProcess reactor =
        reactor(
            ReactorProcess.launcherFlags(),
            RECORD_NAMES,
            "--ping-interval",
            "1s",
            "--shutdown-timeout",
            "5s")) {
      reactor.await(() -> actions().contains("after"), WAIT, "the event after the endless line");
      assertActedOnOnce("before", "after");
      reactor.awaitLog("sent part of an event line", WAIT);
      assertThat(lines(reactor, "lost the event stream")).isEqualTo(1);
      assertThat(reactor.isAlive()).isTrue();
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(Duration.ofSeconds(10))).isZero();
    }
  }

  @Test
  void aFutureTimeNanoIsActedOnButNeverBecomesTheCheckpointAcrossRestarts() throws Exception {
    long t = now();
    Path state = dir.resolve("state.json");
    String future = ScriptedEngine.event("start", ID, "future", Long.MAX_VALUE);
    engine.events(
        s -> {
          s.event(start("a", t));
          s.event(future);
          s.event(start("b", t + 1));
          s.hold();
        });
    try (ReactorProcess first = reactor(RECORD_NAMES, "--state-file", state.toString())) {
      first.await(() -> actions().contains("b"), WAIT, "the event after the future one");
      stop(first);
    }
    assertThat(Files.readString(state)).startsWith("{\"timeNano\":" + (t + 1) + ",");

    engine.events(
        s -> {
          s.event(start("a", t));
          s.event(future);
          s.event(start("b", t + 1));
          s.event(start("c", t + 2));
          s.hold();
        });
    for (int restart = 0; restart < 2; restart++) {
      try (ReactorProcess again = reactor(RECORD_NAMES, "--state-file", state.toString())) {
        again.await(() -> actions().contains("c"), WAIT, "the new event after a restart");
        again.awaitLog("connected to the Docker engine", WAIT);
        assertThat(again.log()).doesNotContain("events were lost");
        stop(again);
      }
    }
    assertActedOnOnce("a", "future", "b", "c");
    // Each restart resumes two seconds before its checkpoint (b, then c), never from the future.
    List<String> opened =
        engine.requests().stream().filter(r -> r.startsWith("GET /events")).toList();
    assertThat(opened)
        .containsExactly(
            "GET /events", "GET /events?" + since(t + 1), "GET /events?" + since(t + 2));
  }

  @Test
  void aStateFileFromTheFutureIsReportedAndTheReactorResumesFromTheEnginesTimeMinusTheWindow()
      throws Exception {
    Path state = dir.resolve("state.json");
    long yearAhead = now() + Duration.ofDays(365).toNanos();
    Files.writeString(
        state,
        "{\"timeNano\":"
            + yearAhead
            + ",\"type\":\"container\",\"action\":\"start\","
            + "\"actorId\":\"x\",\"recent\":[{\"timeNano\":"
            + yearAhead
            + ",\"type\":\"container\","
            + "\"action\":\"start\",\"actorId\":\"x\"}]}\n");
    long t = now();
    engine.events(
        s -> {
          s.event(start("fresh", t));
          s.hold();
        });
    long before = now();
    try (ReactorProcess reactor = reactor(RECORD_NAMES, "--state-file", state.toString())) {
      reactor.await(() -> actions().contains("fresh"), WAIT, "an event after the bad state file");
      assertThat(lines(reactor, "ahead of the engine's clock")).isEqualTo(1);
      stop(reactor);
    }
    String opened =
        engine.requests().stream()
            .filter(r -> r.startsWith("GET /events"))
            .findFirst()
            .orElseThrow();
    long since = Long.parseLong(opened.replaceAll(".*since=(\\d+)\\..*", "$1"));
    assertThat(since).isBetween(before / 1_000_000_000L - 301, now() / 1_000_000_000L - 299);
    assertThat(Files.readString(state)).contains("\"timeNano\":" + t);
  }

  @Test
  void anEngineThatAnswers200AndClosesIsRetriedWithBackoffInTwoLogLines() throws Exception {
    engine.events(s -> {});
    try (ReactorProcess reactor = reactor(RECORD_NAMES)) {
      reactor.await(() -> engine.eventConnections() >= 7, WAIT, "seven attempts");
      long start = System.nanoTime();
      reactor.await(() -> engine.eventConnections() >= 9, WAIT, "two more attempts");
      // After six failures the base is 5 s, and a wait at least half of it: two more attempts take
      // 5 s or more. A backoff that reset on every 200 would have made hundreds meanwhile.
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
      assertThat(lines(reactor, "connected to the Docker engine")).isEqualTo(1);
      assertThat(lines(reactor, "lost the event stream")).isEqualTo(1);

      long t = now();
      engine.events(
          s -> {
            s.event(start("after", t));
            s.hold();
          });
      reactor.await(() -> actions().contains("after"), WAIT, "the event once the engine streams");
      reactor.awaitLog("is back after", WAIT);
      assertActedOnOnce("after");
      assertThat(lines(reactor, "event stream")).isLessThanOrEqualTo(3);
      stop(reactor);
    }
  }

  @Test
  void streamsCutMidChunkAreReplacedAndEveryEventIsActedOnOnce() throws Exception {
    long t = now();
    ScriptedEngine.Script cut =
        s -> {
          s.event(start("before", t));
          s.raw("100\r\n{\"Type\":\"conta");
          s.cut();
        };
    engine.events(cut, cut, cut, replayThenAfter(t));
    try (ReactorProcess reactor = reactor(RECORD_NAMES)) {
      reactor.await(() -> actions().contains("after"), WAIT, "the event after the cut streams");
      assertActedOnOnce("before", "after");
      assertThat(engine.eventConnections()).isEqualTo(4);
      assertThat(lines(reactor, "lost the event stream")).isEqualTo(1);
      assertThat(lines(reactor, "is back after")).isEqualTo(1);
      stop(reactor);
    }
  }

  @Test
  void aStreamStalledMidLineIsNotReadyThenReplaced() throws Exception {
    long t = now();
    engine.events(
        s -> {
          s.event(start("before", t));
          s.chunk("{\"Type\":\"container\",\"Act");
          s.hold();
        },
        replayThenAfter(t));
    try (ReactorProcess reactor =
        reactor(RECORD_NAMES, "--ping-interval", "4s", "--metrics-listen", "0")) {
      reactor.await(() -> actions().contains("before"), WAIT, "the event before the stall");
      // Ready while the line is young; not ready past the ping deadline (4 s + 5 s); replaced at 12
      // s.
      awaitReadyz(reactor, 503, "stalled mid-line");
      reactor.await(() -> actions().contains("after"), WAIT, "the event after the stall");
      assertActedOnOnce("before", "after");
      assertThat(lines(reactor, "sent part of an event line")).isEqualTo(1);
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  /**
   * One ping lost on its way (a Unix socket has no read timeout: it is never answered) must cost
   * one reconnection, not every later ping: they all waited on that one and failed, the stream
   * never reopened while the engine answered everything else. The pings share a client, but each
   * goes on a connection of its own: the next ping never waits behind the lost one, nor writes on a
   * connection that was left silent.
   */
  @Test
  void aPingNeverAnsweredIsGivenUpAndTheStreamReopens() throws Exception {
    long t = now();
    engine.events(
        s -> {
          s.event(start("before", t));
          s.hold();
        },
        replayThenAfter(t));
    try (ReactorProcess reactor =
        reactor(RECORD_NAMES, "--ping-interval", "1s", "--metrics-listen", "0")) {
      reactor.await(() -> actions().contains("before"), WAIT, "the event before the lost ping");
      engine.silentOnce("/_ping");
      reactor.await(() -> actions().contains("after"), WAIT, "the event of the next stream");
      int pings = engine.pings();
      reactor.await(() -> engine.pings() >= pings + 3, WAIT, "three pings after the lost one");
      assertActedOnOnce("before", "after");
      assertThat(lines(reactor, "does not answer /_ping")).isEqualTo(1);
      assertThat(engine.pingsOnUsedConnections()).isZero();
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  /**
   * A stream whose lines keep coming has just proved itself alive: no ping is sent while they do,
   * so a ping that would be lost (or late, on a busy engine) cannot tear down a stream that works.
   * Once the lines stop, the next ping goes, is lost, and the stream is reopened as before.
   */
  @Test
  void noPingWhileLinesComeAndALostPingReopensTheStreamOnceTheyStop() throws Exception {
    long t = now();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger flowing = new AtomicInteger();
    engine.events(
        s -> {
          s.event(start("before", t));
          // A line every 50 ms, twenty in each ping interval, until the test stops them.
          while (!stop.await(50, TimeUnit.MILLISECONDS)) {
            int i = flowing.incrementAndGet();
            s.event(ScriptedEngine.volumeCreate("flowing-" + i, t + i));
          }
          s.hold();
        },
        replayThenAfter(t));
    try (ReactorProcess reactor =
        reactor(RECORD_NAMES, "--ping-interval", "1s", "--metrics-listen", "0")) {
      reactor.await(() -> actions().contains("before"), WAIT, "the event before the lines");
      int pings = engine.pings();
      engine.silentOnce("/_ping");
      int armed = flowing.get();
      // Eight intervals: a ping among them would be lost, and given up 5 s later with the stream.
      reactor.await(() -> flowing.get() >= armed + 160, WAIT, "eight ping intervals of lines");
      assertThat(engine.pings()).as("pings while lines came").isEqualTo(pings);
      assertThat(engine.eventConnections()).isEqualTo(1);
      stop.countDown();
      reactor.await(() -> actions().contains("after"), WAIT, "the event of the next stream");
      assertActedOnOnce("before", "after");
      assertThat(lines(reactor, "does not answer /_ping")).isEqualTo(1);
      assertThat(engine.eventConnections()).isEqualTo(2);
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  /**
   * Stream openings whose answer never comes hold their connection for good: two of them must not
   * leave the stream without a connection to open on while the engine answers.
   */
  @Test
  void streamOpeningsNeverAnsweredDoNotStarveTheNextOnes() throws Exception {
    long t = now();
    engine.silentOnce("/events").silentOnce("/events");
    engine.events(
        s -> {
          s.event(start("after", t));
          s.hold();
        });
    try (ReactorProcess reactor = reactor(RECORD_NAMES, "--metrics-listen", "0")) {
      reactor.await(
          () -> actions().contains("after"), WAIT, "the event of the first answered stream");
      assertActedOnOnce("after");
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  /**
   * A 200 MB inspect document (one huge label) under the launcher's heap: the rule that needs it is
   * skipped with its reason, the next event is acted on, and a restart on the same state file does
   * not meet it again as a crash.
   */
  @Test
  void aTwoHundredMegabyteInspectIsASkipWithItsReasonNotAnOutOfMemoryError() throws Exception {
    long t = now();
    String huge = "bada55".repeat(10) + "abcd";
    engine
        .labelled(huge, 200L << 20)
        .events(
            s -> {
              s.event(ScriptedEngine.event("start", huge, "huge", t));
              s.event(start("after", t + 1));
              s.hold();
            });
    String rules =
        RECORD_NAMES
            + "  with ip:\n    event: {type: container, action: start, actor: {name: huge}}\n"
            + "    run: [rec, 'ip %%ip%%']\n";
    List<String> flags = ReactorProcess.launcherFlags();
    String state = dir.resolve("state.json").toString();
    try (ReactorProcess reactor =
        reactor(flags, rules, "--metrics-listen", "0", "--state-file", state)) {
      reactor.await(
          () ->
              lines(reactor, "is over the 4194304 bytes of reactor.max_event_bytes") >= 1
                  && actions().contains("after"),
          WAIT,
          "the skip of the rule needing the huge inspect, and the event after it");
      assertActedOnOnce("huge", "after");
      assertThat(actions()).noneMatch(a -> a.startsWith("ip"));
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
    try (ReactorProcess again =
        reactor(flags, rules, "--metrics-listen", "0", "--state-file", state)) {
      again.await(() -> lines(again, "metrics on port") == 1, WAIT, "the restart's metrics");
      awaitReadyz(again, 200, "ready");
      stop(again);
    }
    assertActedOnOnce("huge", "after");
  }

  /**
   * Sixteen inspects that never answer hold their connections for good: the pings, and so the
   * stream's reopening, must not depend on what they hold; a later inspect is still answered.
   */
  @Test
  void sixteenInspectsNeverAnsweredDoNotStarveThePingsNorTheStream() throws Exception {
    long t = now();
    CountDownLatch abandoned = new CountDownLatch(1);
    String answered = "a115e5".repeat(10) + "abcd";
    engine.container(
        answered,
        "{\"Id\":\"" + answered + "\",\"NetworkSettings\":{\"IPAddress\":\"172.17.0.5\"}}");
    List<String> hung = hungStarts(16, t);
    engine.events(
        s -> {
          for (String start : hung) {
            s.event(start);
          }
          abandoned.await();
          s.cut();
        },
        s -> {
          s.event(start("after", t + 100));
          s.event(ScriptedEngine.event("start", answered, "answered", t + 101));
          s.hold();
        });
    String rules =
        """
        events_reactor:
          record:
            event: {type: container, action: start, actor: {name: after}}
            run: [rec, '%%actor.name%%']
          with ip:
            event: {type: container, action: start}
            concurrency: 16
            run: [rec, 'ip %%ip%%']
        """;
    try (ReactorProcess reactor =
        reactor(rules, "--ping-interval", "1s", "--metrics-listen", "0")) {
      reactor.await(
          () -> lines(reactor, "no answer to inspect") >= 16, WAIT, "the sixteen inspects to fail");
      abandoned.countDown();
      reactor.await(() -> actions().contains("after"), WAIT, "the event of the reopened stream");
      // A later inspect is still answered (or its document, learned at the start, stands in).
      reactor.await(
          () -> actions().contains("ip 172.17.0.5"), WAIT, "the inspect of a later container");
      assertActedOnOnce("after", "ip 172.17.0.5");
      awaitReadyz(reactor, 200, "ready");
      stop(reactor);
    }
  }

  /**
   * Twenty inspects that never answer (containers whose shim hangs) are abandoned at their
   * deadline: they must give back the connections of the shared request pool, so that the inspect
   * of a container that answers still fills {@code %%ip%%}, and a {@code container:} action, whose
   * re-inspection goes through the same pool, still acts. The answering container is created after
   * the reactor started, so no document learned at the start stands in for its inspect.
   */
  @Test
  void inspectsAbandonedAtTheirDeadlineGiveBackThePoolToLaterInspectsAndActions() throws Exception {
    long t = now();
    CountDownLatch created = new CountDownLatch(1);
    String answered = "a115e5".repeat(10) + "abcd";
    List<String> hung = hungStarts(20, t);
    engine.events(
        s -> {
          for (String start : hung) {
            s.event(start);
          }
          created.await();
          s.event(ScriptedEngine.event("start", answered, "answered", t + 100));
          s.hold();
        });
    String rules =
        """
        events_reactor:
          with ip:
            event: {type: container, action: start}
            concurrency: 20
            run: [rec, 'ip %%ip%%']
          signal:
            event: {type: container, action: start, actor: {name: answered}}
            container: {do: kill, signal: HUP}
        """;
    String kill = "POST /containers/" + answered + "/kill?signal=HUP";
    try (ReactorProcess reactor = reactor(rules, "--metrics-listen", "0")) {
      reactor.await(
          () -> lines(reactor, "no answer to inspect") >= 16, WAIT, "the hung inspects to fail");
      engine.container(
          answered,
          "{\"Id\":\""
              + answered
              + "\",\"Name\":\"/answered\",\"State\":{\"Status\":\"running\"},"
              + "\"NetworkSettings\":{\"IPAddress\":\"172.17.0.5\"}}");
      created.countDown();
      reactor.await(
          () ->
              (actions().contains("ip 172.17.0.5") && engine.requests().contains(kill))
                  || lines(reactor, "no answer to inspect " + answered) >= 1,
          WAIT,
          "the rules of the answering container to run or fail");
      assertThat(actions()).contains("ip 172.17.0.5");
      assertThat(engine.requests()).contains(kill);
      stop(reactor);
    }
  }

  /**
   * A socket proxy that refuses POST (tecnativa/docker-socket-proxy without POST=1) is told at the
   * start, once per verb the rules use, not at the first container that needed acting on.
   */
  @Test
  void aProxyThatWouldRefuseAContainerActionIsToldAtTheStart() throws Exception {
    engine.refusingPosts();
    String rules =
        """
        events_reactor:
          heal:
            event: {type: container, action: "health_status: unhealthy"}
            container: {do: restart}
        """;
    try (ReactorProcess reactor = reactor(rules, "--metrics-listen", "0")) {
      reactor.await(
          () -> lines(reactor, "would be refused") >= 1, WAIT, "the warning of the refused verb");
      assertThat(reactor.log())
          .contains(
              "rule \"heal\": container restart would be refused by the engine at " + engine.host())
          .contains(
              "POST /containers/ID/restart answered HTTP 403 (403 Forbidden Request forbidden by"
                  + " administrative rules.)");
      assertThat(engine.requests())
          .contains("POST /containers/docker-events-reactor~probe/restart");
      stop(reactor);
    }
  }

  /**
   * The metrics listener answers GET and HEAD on its exact paths only: the JDK server matches a
   * context by prefix and hands any method to its handler.
   */
  @Test
  void theMetricsListenerAnswersOnlyGetAndHeadOnItsExactPaths() throws Exception {
    try (ReactorProcess reactor = reactor(RECORD_NAMES, "--metrics-listen", "0")) {
      reactor.await(() -> lines(reactor, "metrics on port") == 1, WAIT, "the metrics listener");
      awaitReadyz(reactor, 200, "ready");
      int port = Scrape.portFrom(reactor.log());
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/metrics", "/readyz", "/healthz", "/-/healthy")) {
        for (String method : List.of("TRACE", "DELETE", "POST", "PUT", "OPTIONS")) {
          assertThat(status(http, port, method, path)).as(method + " " + path).isEqualTo(405);
        }
        assertThat(status(http, port, "GET", path)).as("GET " + path).isEqualTo(200);
        assertThat(status(http, port, "HEAD", path)).as("HEAD " + path).isEqualTo(200);
      }
      for (String path : List.of("/metricsXYZ", "/metrics/x", "/-/healthyish", "/readyz/")) {
        assertThat(status(http, port, "GET", path)).as("GET " + path).isEqualTo(404);
      }
      stop(reactor);
    }
  }

  private static int status(java.net.http.HttpClient http, int port, String method, String path)
      throws Exception {
    return http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void runningOutOfMemoryExitsAtOnceWithOneLineInsteadOfLivingOnHalfDead() throws Exception {
    long t = now();
    byte[] megabyte = new byte[1 << 20];
    Arrays.fill(megabyte, (byte) 'x');
    engine.events(
        s -> {
          s.event(start("before", t));
          // The huge line only once the event before it was acted on: the fatal error must not
          // race the first command's spawn.
          long deadline = System.nanoTime() + WAIT.toNanos();
          while (!actions().contains("before") && System.nanoTime() < deadline) {
            s.pause(50);
          }
          s.chunk(HUGE_START);
          for (int i = 0; i < 200; i++) {
            s.chunk(megabyte);
          }
          s.hold();
        });
    // A cap far above the heap, under the launcher's flags: the status is the one the README
    // promises (the JVM's own -XX:+ExitOnOutOfMemoryError ended it with 3).
    String rules = RECORD_NAMES + "reactor:\n  max_event_bytes: 1000000000\n";
    try (ReactorProcess reactor = reactor(ReactorProcess.launcherFlags(), rules)) {
      reactor.await(() -> actions().contains("before"), WAIT, "the event before the huge line");
      assertThat(reactor.awaitExit(WAIT)).isEqualTo(70);
      assertThat(lines(reactor, "fatal java.lang.OutOfMemoryError")).isEqualTo(1);
      assertThat(reactor.log()).contains("exiting at once with status 70");
    }
  }

  @Test
  void anEngineThatNeverAnswersInfoCostsARuleUsingHostFiveSecondsAndNothingElse() throws Exception {
    long t = now();
    engine
        .silent("/info")
        .events(
            s -> {
              s.event(start("a", t));
              s.event(start("b", t + 1));
              s.hold();
            });
    String rules =
        RECORD_NAMES
            + "  with host:\n    event: {type: container, action: start}\n    run: [rec, 'host %%host%%']\n";
    try (ReactorProcess reactor = reactor(rules, "--shutdown-timeout", "20s")) {
      reactor.await(() -> actions().contains("b"), WAIT, "the rule without %%host%%");
      reactor.await(
          () -> lines(reactor, "no answer to /info within 5 s") >= 2,
          WAIT,
          "the host lookups to give up");
      assertActedOnOnce("a", "b");
      assertThat(actions()).noneMatch(a -> a.startsWith("host"));
      stop(reactor);
    }
  }

  @Test
  void aStateFileThatCannotBeWrittenStopsTheStartWithTheReason() throws Exception {
    // Root may write anywhere: what stands in the way here is a directory at the temp file's name.
    Path state = dir.resolve("state.json");
    Files.writeString(Files.createDirectories(dir.resolve("state.json.tmp")).resolve("x"), "");
    try (ReactorProcess reactor = reactor(RECORD_NAMES, "--state-file", state.toString())) {
      assertThat(reactor.awaitExit(WAIT)).isEqualTo(1);
      assertThat(reactor.log().strip())
          .isEqualTo(
              "cannot write the state file "
                  + state
                  + ": a directory is in the way: "
                  + dir.resolve("state.json.tmp")
                  + "; the reactor could never save its progress");
    }
    assertThat(engine.eventConnections()).isZero();
  }

  @Test
  void aCheckpointThatCannotBeWrittenSaysWhyOnceAndRecovers() throws Exception {
    long t = now();
    Path state = dir.resolve("state.json");
    Path temp = dir.resolve("state.json.tmp");
    CountDownLatch more = new CountDownLatch(1);
    engine.events(
        s -> {
          s.event(start("a", t));
          more.await();
          s.event(start("b", t + 1));
          s.event(start("c", t + 2));
          s.hold();
        });
    try (ReactorProcess reactor = reactor(RECORD_NAMES, "--state-file", state.toString())) {
      reactor.await(() -> stateHas(state, t), WAIT, "the checkpoint at the first event");
      Files.writeString(Files.createDirectories(temp).resolve("x"), "");
      more.countDown();
      reactor.awaitLog("a directory is in the way", WAIT);
      reactor.await(
          () -> actions().contains("c"), WAIT, "the events while the state file is blocked");
      // Every 250 ms the write is tried again: a second gives it several failures to keep quiet.
      Thread.sleep(1_000);
      assertThat(lines(reactor, "cannot write the state file")).isEqualTo(1);
      assertThat(reactor.log())
          .contains(
              "cannot write the state file "
                  + state
                  + ": a directory is in the way: "
                  + temp
                  + "; the checkpoint stays in memory and is retried");

      Files.delete(temp.resolve("x"));
      reactor.awaitLog("checkpoint saved to " + state + " again, after ", WAIT);
      reactor.await(() -> stateHas(state, t + 2), WAIT, "the checkpoint at the last event");
      Matcher failed = Pattern.compile("again, after (\\d+) failed writes").matcher(reactor.log());
      assertThat(failed.find()).isTrue();
      assertThat(Integer.parseInt(failed.group(1))).isGreaterThanOrEqualTo(2);
      assertActedOnOnce("a", "b", "c");
      stop(reactor);
    }
  }

  private static boolean stateHas(Path state, long timeNano) {
    try {
      return Files.exists(state)
          && Files.readString(state).startsWith("{\"timeNano\":" + timeNano + ",");
    } catch (IOException e) {
      return false;
    }
  }
}
