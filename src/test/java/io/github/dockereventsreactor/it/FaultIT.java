package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What production does to the reactor, done for real: engine restarts, kill -9, hanging and slow
 * commands, reloads, stops, an engine that comes late and a stream that goes silent. The truth is
 * what the engine itself reports, or the events the test generated.
 */
class FaultIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private PrivateEngine engine;
  private Recorders recorders;
  private Path actions;
  private final String prefix = "f" + Long.toHexString(System.nanoTime());

  @BeforeEach
  void setUp() throws Exception {
    // Unix socket paths are limited to 108 bytes: keep the engine's root short.
    engine = new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"));
    actions = dir.resolve("actions");
    recorders = new Recorders(dir).appender("rec", actions);
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
  }

  private Path rules(String yaml) throws IOException {
    Path file = dir.resolve("rules.yml");
    Files.writeString(file, "events_reactor:\n" + yaml);
    return file;
  }

  private ReactorProcess reactor(Path rules, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("run", "-c", rules.toString(), "--docker-host", engine.docker().host()));
    args.addAll(List.of(extra));
    return ReactorProcess.start(
        recorders.bin(),
        dir.resolve("reactor-" + System.nanoTime() + ".log"),
        args.toArray(String[]::new));
  }

  private List<String> actions() {
    try {
      return Files.exists(actions) ? Files.readAllLines(actions) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, Integer> counts(List<String> lines) {
    Map<String, Integer> counts = new HashMap<>();
    lines.forEach(l -> counts.merge(l, 1, Integer::sum));
    return counts;
  }

  /** "timeNano type action id" of each event, as the rules below record them. */
  private static String identity(JsonNode event) {
    return event.path("timeNano").asText()
        + " "
        + event.path("Type").asText()
        + " "
        + event.path("Action").asText()
        + " "
        + event.path("Actor").path("ID").asText();
  }

  private static final String RECORD_ALL =
      "  record:\n    run: [rec, '%%timeNano%% %%type%% %%action%% %%actor.id%%']\n";

  @Test
  void anEngineRestartWhileContainersChurnLosesAndRepeatsNothing() throws Exception {
    engine.start().withTestImage();
    Docker docker = engine.docker();
    try (ReactorProcess reactor = reactor(rules(RECORD_ALL), "--ping-interval", "1s")) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      long t0 = Docker.nowNanos();
      docker.run(
          "run",
          "-d",
          "--name",
          prefix + "-always",
          "--restart",
          "always",
          "reactor-test/busybox",
          "sleep",
          "300");
      docker.run("run", "-d", "--name", prefix + "-once", "reactor-test/busybox", "sleep", "300");
      docker.run("rm", "-f", prefix + "-once");
      long t1 = Docker.nowNanos();
      List<String> truth = new ArrayList<>();
      for (String line : docker.events(t0, t1)) {
        truth.add(identity(JSON.readTree(line)));
      }

      engine.stop();
      reactor.awaitLog("lost the event stream", WAIT);
      engine.start();
      long t2 = Docker.nowNanos();
      docker.run("run", "-d", "--name", prefix + "-after", "reactor-test/busybox", "sleep", "300");
      docker.run("rm", "-f", prefix + "-after", prefix + "-always");
      long t3 = Docker.nowNanos();
      // The restarted engine replays from its own start: its events since then include the
      // restart of the "always" container, emitted before the reactor was back.
      for (String line : docker.events(t2 - Duration.ofMinutes(1).toNanos(), t3)) {
        truth.add(identity(JSON.readTree(line)));
      }
      reactor.awaitLog("is back after", WAIT);
      reactor.await(() -> actions().containsAll(truth), WAIT, "every event acted on");

      assertThat(truth).anyMatch(t -> t.contains(" container start "));
      assertThat(counts(actions()).values()).as("no event acted on twice").allMatch(c -> c == 1);
      assertThat(actions()).containsAll(truth);
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  /**
   * The promise of the journal, whatever the machine's speed: a rule far behind the reader when the
   * reactor is killed loses nothing, though the engine replays only its last 256 events.
   */
  @Test
  void killMinusNineWithARuleThousandsBehindThenRestartActsOnEveryEventAtLeastOnce()
      throws Exception {
    engine.start();
    Path state = dir.resolve("state.json");
    recorders.script("slowrec", "printf '%s\\n' \"$*\" >> '" + actions + "'\nsleep 0.05\n");
    // One at a time (order: rule), so that at most one command is in flight at the kill.
    Path rules =
        rules(
            "  record:\n    event: {type: volume}\n    order: rule\n    run: [slowrec, '%%action%% %%actor.id%%']\n");
    List<String> generated;
    List<String> beforeKill;
    try (ReactorProcess first = reactor(rules, "--state-file", state.toString());
        EventLoad load = new EventLoad(engine.docker().host())) {
      first.awaitLog("connected to the Docker engine", WAIT);
      generated = load.volumes(prefix, 1_000, 0);
      String last = generated.get(generated.size() - 1);
      // Every event read (and so journaled): the saved position is the burst's last event.
      first.await(
          () -> savedPosition(state).equals("destroy " + last),
          WAIT,
          "the reader at the burst's end");
      first.signal("KILL");
      first.awaitExit(WAIT);
      beforeKill = actions();
    }
    assertThat(2_000 - beforeKill.size())
        .as("events the rule was behind at the kill")
        .isGreaterThan(1_000);

    // The same rule, now fast, so the test does not wait on 2,000 sleeps.
    rules(
        "  record:\n    event: {type: volume}\n    order: rule\n    run: [rec, '%%action%% %%actor.id%%']\n");
    try (ReactorProcess second = reactor(rules, "--state-file", state.toString())) {
      Set<String> expected = new HashSet<>(EventLoad.volumeEvents(generated));
      second.await(
          () -> new HashSet<>(actions()).containsAll(expected), WAIT, "every event acted on");
      second.signal("TERM");
      assertThat(second.awaitExit(WAIT)).isZero();

      Matcher pending =
          Pattern.compile("(\\d+) events pending from before this start").matcher(second.log());
      assertThat(pending.find()).isTrue();
      int duplicates = counts(actions()).values().stream().mapToInt(c -> c - 1).sum();
      System.out.printf(
          "kill -9 with the rule %d events behind: %s replayed from the journal, %d ran twice%n",
          2_000 - beforeKill.size(), pending.group(1), duplicates);
      assertThat(Integer.parseInt(pending.group(1))).isGreaterThan(1_000);
      // At most the command in flight at the kill (one: the rule runs one at a time) runs twice.
      assertThat(duplicates).isLessThanOrEqualTo(1);
      assertThat(actions()).hasSize(2_000 + duplicates);
      assertThat(second.log()).doesNotContain("events were lost");
    }
  }

  /** The state file's position as "action actorId"; empty until it is written. */
  private static String savedPosition(Path state) {
    try {
      JsonNode saved = JSON.readTree(Files.readString(state));
      return saved.path("action").asText() + " " + saved.path("actorId").asText();
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aHangingCommandIsKilledAtItsTimeoutAndItsRuleGoesOn() throws Exception {
    engine.start();
    String marker = Long.toString(600 + (System.nanoTime() % 300));
    Path rules =
        rules(
            "  hangs on the first:\n    event: {type: volume, action: create}\n    timeout: 1s\n"
                // One at a time: the second waits behind the hanging first until its timeout.
                + "    order: rule\n"
                + "    run: [sh, -c, 'case \"$0\" in *first*) sleep "
                + marker
                + ";; esac; rec hang $0', '%%actor.id%%']\n"
                + "  other:\n    event: {type: volume, action: create}\n"
                + "    run: [rec, other, '%%actor.id%%']\n");
    try (ReactorProcess reactor = reactor(rules);
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      load.volumes(prefix + "-first", 1, 0);
      load.volumes(prefix + "-second", 1, 0);

      reactor.await(
          () -> actions().contains("other " + prefix + "-second-0"), WAIT, "the other rule");
      assertThat(actions()).doesNotContain("hang " + prefix + "-second-0");
      reactor.await(
          () -> actions().contains("hang " + prefix + "-second-0"), WAIT, "the next event");

      assertThat(actions()).doesNotContain("hang " + prefix + "-first-0");
      assertThat(reactor.log())
          .contains(
              "rule \"hangs on the first\" on volume create ("
                  + prefix
                  + "-first-0): killed after its timeout");
      assertThat(processesRunning("sleep " + marker)).isZero();
    }
  }

  private static long processesRunning(String commandLine) throws IOException {
    long count = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc :
          procs
              .filter(p -> p.getFileName().toString().matches("\\d+"))
              .collect(Collectors.toList())) {
        try {
          String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ').strip();
          String stat = Files.readString(proc.resolve("stat"));
          if (cmd.equals(commandLine) && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z') {
            count++;
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return count;
  }

  @Test
  void tenThousandEventsAgainstASlowRuleKeepUpWithBoundedMemory() throws Exception {
    engine.start();
    Path rules =
        rules(
            """
              slow:
                event: {type: volume}
                queue: 100
                run: [sh, -c, 'sleep 0.02; rec slow $0', '%%actor.id%%']
              fast:
                event: {type: volume}
                concurrency: 4
                run: [rec, '%%action%% %%actor.id%%']
            """);
    try (ReactorProcess reactor = reactor(rules);
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      long start = System.nanoTime();
      List<String> names = load.volumes(prefix, 5_000, 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      Set<String> expected = new HashSet<>();
      for (String name : names) {
        expected.add("create " + name);
        expected.add("destroy " + name);
      }
      reactor.await(
          () -> new HashSet<>(actions()).containsAll(expected),
          Duration.ofMinutes(3),
          "every event on the fast rule");
      reactor.await(() -> slowRan() + dropped(reactor) == 10_000, WAIT, "the slow rule to drain");
      long rssKib = reactor.peakRssKib();

      System.out.printf(
          "10,000 events generated in %.1f s (%.0f/s): the fast rule acted on all; the slow rule ran %d"
              + " and dropped %d; peak RSS %d MiB%n",
          seconds, 10_000 / seconds, slowRan(), dropped(reactor), rssKib / 1024);
      assertThat(
              actions().stream().filter(a -> !a.startsWith("slow ")).collect(Collectors.toList()))
          .hasSize(10_000);
      assertThat(dropped(reactor)).isPositive();
      assertThat(reactor.log())
          .contains("rule \"slow\": queue full (100 events), dropping new events until it drains");
      assertThat(reactor.log().split("queue full", -1).length - 1)
          .as("one warning per burst, not per event")
          .isLessThan(20);
      assertThat(rssKib).isLessThan(400 * 1024);
    }
  }

  private long slowRan() {
    return actions().stream().filter(a -> a.startsWith("slow ")).count();
  }

  private static long dropped(ReactorProcess reactor) {
    try {
      Matcher dropped =
          Pattern.compile("rule \"slow\": queue has room again after dropping (\\d+) events")
              .matcher(reactor.log());
      long drops = 0;
      while (dropped.find()) {
        drops += Long.parseLong(dropped.group(1));
      }
      return drops;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sighupWithABrokenFileKeepsTheOldRulesAndWithAFixedOneAppliesTheNew() throws Exception {
    engine.start();
    Path rules =
        rules(
            "  old:\n    event: {type: volume, action: create}\n    run: [rec, old, '%%actor.id%%']\n");
    try (ReactorProcess reactor = reactor(rules);
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      Files.writeString(rules, "events_reactor:\n  new:\n    run: [rec, new, '%%nope%%']\n");
      reactor.signal("HUP");
      reactor.awaitLog("the previous rules stay in force", WAIT);
      load.volumes(prefix + "-a", 1, 0);
      reactor.await(() -> actions().contains("old " + prefix + "-a-0"), WAIT, "the old rule");
      assertThat(reactor.log())
          .contains("rules.yml:3:22: rule \"new\": unknown placeholder %%nope%%");

      Files.writeString(
          rules,
          "events_reactor:\n  new:\n    event: {type: volume, action: create}\n    run: [rec, new, '%%actor.id%%']\n");
      reactor.signal("HUP");
      reactor.awaitLog("1 rules in force from the next event", WAIT);
      load.volumes(prefix + "-b", 1, 0);
      reactor.await(() -> actions().contains("new " + prefix + "-b-0"), WAIT, "the new rule");

      assertThat(actions()).containsExactly("old " + prefix + "-a-0", "new " + prefix + "-b-0");
    }
  }

  @Test
  void watchReloadsWhenTheFileIsReplaced() throws Exception {
    engine.start();
    Path rules =
        rules(
            "  old:\n    event: {type: volume, action: create}\n    run: [rec, old, '%%actor.id%%']\n");
    try (ReactorProcess reactor = reactor(rules, "--watch");
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      // As editors and config management do: write a new file, rename it over the old one.
      Path next = dir.resolve("rules.yml.new");
      Files.writeString(
          next,
          "events_reactor:\n  new:\n    event: {type: volume, action: create}\n    run: [rec, new, '%%actor.id%%']\n");
      Files.move(next, rules, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      reactor.awaitLog("1 rules in force from the next event", WAIT);
      load.volumes(prefix, 1, 0);
      reactor.await(() -> actions().contains("new " + prefix + "-0"), WAIT, "the new rule");
      assertThat(actions()).containsExactly("new " + prefix + "-0");
    }
  }

  @Test
  void sigtermLetsARunningCommandFinishAndSavesTheCheckpoint() throws Exception {
    engine.start();
    Path state = dir.resolve("state.json");
    Path rules =
        rules(
            """
              finishes:
                event: {type: volume, action: create}
                run: [sh, -c, 'rec started $0; sleep 1; rec finished $0', '%%actor.id%%']
            """);
    try (ReactorProcess reactor = reactor(rules, "--state-file", state.toString());
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      load.volumes(prefix, 1, 0);
      reactor.await(
          () -> actions().contains("started " + prefix + "-0"), WAIT, "the command to start");

      reactor.signal("TERM");

      assertThat(reactor.awaitExit(WAIT)).isZero();
      assertThat(actions())
          .containsExactly("started " + prefix + "-0", "finished " + prefix + "-0");
      JsonNode checkpoint = JSON.readTree(Files.readString(state));
      assertThat(checkpoint.path("actorId").asText()).isEqualTo(prefix + "-0");
      assertThat(checkpoint.path("action").asText()).isIn("create", "destroy");
    }
  }

  @Test
  void sigtermWithAFullQueueKillsWhatOutlivesTheTimeoutAndTheNextStartRunsWhatDidNotRun()
      throws Exception {
    engine.start();
    Path state = dir.resolve("state.json");
    // A sleep of its own: other tests on the machine may be sleeping too.
    String sleep = "sleep " + (900 + System.nanoTime() % 90);
    Path rules =
        rules(
            "  hangs:\n    event: {type: volume}\n    order: rule\n"
                + "    run: [sh, -c, 'rec started $0; "
                + sleep
                + "; rec finished $0', '%%action%% %%actor.id%%']\n");
    List<String> generated;
    try (ReactorProcess reactor =
            reactor(rules, "--state-file", state.toString(), "--shutdown-timeout", "1s");
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      generated = load.volumes(prefix, 20, 0);
      String last = "destroy " + generated.get(generated.size() - 1);
      reactor.await(
          () ->
              savedPosition(state).equals(last)
                  && actions().contains("started create " + prefix + "-0"),
          WAIT,
          "the first command running, every event read");

      reactor.signal("TERM");

      assertThat(reactor.awaitExit(WAIT)).isZero();
      assertThat(reactor.log())
          .contains(
              "rule \"hangs\": still busy after 1000 ms, killing its commands and leaving 39 queued events");
      assertThat(actions()).containsExactly("started create " + prefix + "-0");
      assertThat(processesRunning(sleep)).isZero();
    }

    rules(
        "  hangs:\n    event: {type: volume}\n    order: rule\n    run: [rec, '%%action%% %%actor.id%%']\n");
    try (ReactorProcess again = reactor(rules, "--state-file", state.toString())) {
      List<String> expected = EventLoad.volumeEvents(generated);
      again.await(() -> actions().size() == 41, WAIT, "the killed and the queued events to run");
      // In the order read, the killed one first.
      assertThat(actions().subList(1, 41)).containsExactlyElementsOf(expected);
      assertThat(again.log()).contains("40 events pending from before this start");
    }
  }

  @Test
  void anEngineAbsentAtStartIsWaitedForAndThenUsed() throws Exception {
    Path rules =
        rules("  record:\n    event: {type: volume}\n    run: [rec, '%%action%% %%actor.id%%']\n");
    try (ReactorProcess reactor = reactor(rules)) {
      reactor.awaitLog("cannot open the event stream", WAIT);
      // Starting the engine takes seconds, many retries long: that the reactor connects and
      // handles events afterwards is what shows it waited, where a sleep would only hope so.
      engine.start();
      reactor.awaitLog("connected to the Docker engine", WAIT);
      try (EventLoad load = new EventLoad(engine.docker().host())) {
        load.volumes(prefix, 1, 0);
      }
      reactor.await(() -> actions().contains("destroy " + prefix + "-0"), WAIT, "the events");
      assertThat(actions()).containsExactly("create " + prefix + "-0", "destroy " + prefix + "-0");
      assertThat(reactor.log().split("cannot open the event stream", -1).length - 1)
          .as("the wait is logged once, not once per attempt")
          .isEqualTo(1);
    }
  }

  @Test
  void aSilentStreamIsNoticedWithinSecondsAndNothingIsLost() throws Exception {
    engine.start();
    Path relaySocket = dir.resolve("relay.sock");
    Path rules =
        rules("  record:\n    event: {type: volume}\n    run: [rec, '%%action%% %%actor.id%%']\n");
    try (SocketRelay relay = new SocketRelay(relaySocket, engine.socket());
        ReactorProcess reactor =
            ReactorProcess.start(
                recorders.bin(),
                dir.resolve("relay-reactor.log"),
                "run",
                "-c",
                rules.toString(),
                "--docker-host",
                "unix://" + relaySocket,
                "--ping-interval",
                "1s");
        EventLoad load = new EventLoad(engine.docker().host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      load.volumes(prefix + "-before", 1, 0);
      reactor.await(
          () -> actions().contains("destroy " + prefix + "-before-0"), WAIT, "events before");

      relay.freeze();
      load.volumes(prefix + "-during", 3, 0);
      long frozenAt = System.nanoTime();
      reactor.awaitLog("does not answer /_ping", WAIT);
      double noticedAfter = (System.nanoTime() - frozenAt) / 1e9;
      relay.thaw();

      reactor.await(
          () -> actions().contains("destroy " + prefix + "-during-2"), WAIT, "events during");
      System.out.printf("silent stream noticed after %.1f s%n", noticedAfter);
      assertThat(noticedAfter).isLessThan(15);
      assertThat(counts(actions()).values()).allMatch(c -> c == 1);
      assertThat(actions()).hasSize(8);
    }
  }

  @Test
  void aGapBeyondTheEnginesReplayIsReportedAndReconciled() throws Exception {
    engine.start().withTestImage();
    Docker docker = engine.docker();
    Path relaySocket = dir.resolve("relay.sock");
    docker.run("run", "-d", "--name", prefix + "-known", "reactor-test/busybox", "sleep", "300");
    Path rules =
        rules(
            """
              reconciling:
                reconcile: true
                event: {type: container, action: [start, destroy]}
                run: [rec, '%%action%% %%actor.name%% %%synthetic%%']
            """);
    try (SocketRelay relay = new SocketRelay(relaySocket, engine.socket());
        ReactorProcess reactor =
            ReactorProcess.start(
                recorders.bin(),
                dir.resolve("gap-reactor.log"),
                "run",
                "-c",
                rules.toString(),
                "--docker-host",
                "unix://" + relaySocket,
                "--ping-interval",
                "1s");
        EventLoad load = new EventLoad(docker.host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      docker.run("run", "-d", "--name", prefix + "-seen", "reactor-test/busybox", "sleep", "300");
      reactor.await(
          () -> actions().contains("start " + prefix + "-seen false"), WAIT, "the seen start");

      relay.freeze();
      docker.run("rm", "-f", prefix + "-known");
      docker.run("run", "-d", "--name", prefix + "-unseen", "reactor-test/busybox", "sleep", "300");
      // More than the engine replays: the events of the two containers above fall out of it.
      load.volumes(prefix, 150, 0);
      reactor.awaitLog("does not answer /_ping", WAIT);
      relay.thaw();

      reactor.awaitLog("events were lost", WAIT);
      reactor.await(
          () ->
              actions()
                  .containsAll(
                      List.of(
                          "start " + prefix + "-unseen true", "destroy " + prefix + "-known true")),
          WAIT,
          "the synthetic events");
      assertThat(reactor.log())
          .contains("missed during the gap: container " + prefix + "-unseen")
          .contains("missed during the gap: container " + prefix + "-known")
          .contains(
              "reconciled after a gap in the event stream: 1 containers appeared, 1 vanished unseen");
    } finally {
      docker.quietly("rm", "-f", prefix + "-seen", prefix + "-unseen", prefix + "-known");
    }
  }
}
