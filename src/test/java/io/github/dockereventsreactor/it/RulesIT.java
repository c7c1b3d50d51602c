package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttle, debounce, container placeholders and killed, against the real engine. */
class RulesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "r" + Long.toHexString(System.nanoTime());
  private final List<String> cleanup = new ArrayList<>();
  private Path actions;

  @AfterEach
  void cleanUp() {
    cleanup.forEach(c -> docker.quietly("rm", "-f", c));
    docker.quietly("network", "rm", prefix + "-net");
  }

  private ReactorProcess reactor(String rules) throws Exception {
    Path file = dir.resolve("rules.yml");
    Files.writeString(file, "events_reactor:\n" + rules);
    actions = dir.resolve("actions");
    Recorders recorders = new Recorders(dir).appender("rec", actions);
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(),
            dir.resolve("reactor.log"),
            "run",
            "-c",
            file.toString(),
            "--metrics-listen",
            "0");
    reactor.awaitLog("connected to the Docker engine", WAIT);
    return reactor;
  }

  private List<String> actions(String kind) {
    try {
      return Files.exists(actions)
          ? Files.readAllLines(actions).stream()
              .filter(a -> a.startsWith(kind + " "))
              .collect(Collectors.toList())
          : List.of();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRestartLoopIsThrottledAndDebounced() throws Exception {
    String name = prefix + "-loop";
    String rules =
        "  Page once a minute:\n"
            + "    event: {type: container, action: die, actor: {name: "
            + name
            + "}}\n"
            + "    throttle: {max: 1, per: 1m}\n"
            + "    run: [rec, page, '%%timeNano%%']\n"
            + "  Settle first:\n"
            + "    event: {type: container, action: die, actor: {name: "
            + name
            + "}}\n"
            + "    debounce: 5s\n"
            + "    run: [rec, settled, '%%timeNano%%']\n"
            + "  Every die:\n"
            + "    event: {type: container, action: die, actor: {name: "
            + name
            + "}}\n"
            + "    run: [rec, die, '%%timeNano%%']\n";
    try (ReactorProcess reactor = reactor(rules)) {
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      cleanup.add(name);
      docker.run(
          "run",
          "-d",
          "--name",
          name,
          "--restart",
          "always",
          "reactor-test/busybox",
          "sh",
          "-c",
          "exit 3");
      // Docker doubles the delay between restarts (100 ms, 200 ms, …): 6 dies take about 3 s, and
      // no two are 5 s apart.
      reactor.await(() -> actions("die").size() >= 6, WAIT, "6 dies");
      docker.run("update", "--restart", "no", name);
      docker.run("rm", "-f", name);

      reactor.await(() -> actions("settled").size() == 1, WAIT, "the debounced run");
      List<String> dies = actions("die");
      String lastDie = dies.get(dies.size() - 1).split(" ")[1];
      assertThat(actions("page")).hasSize(1);
      assertThat(actions("page").get(0)).isEqualTo("page " + dies.get(0).split(" ")[1]);
      assertThat(actions("settled")).containsExactly("settled " + lastDie);
      java.util.Map<String, Double> samples = scrape.samples();
      assertThat(
              scrape.sum(
                  samples,
                  "reactor_commands_skipped_total",
                  "rule=\"Page once a minute\"",
                  "reason=\"throttled\""))
          .isEqualTo(dies.size() - 1.0);
      assertThat(
              scrape.sum(
                  samples,
                  "reactor_commands_skipped_total",
                  "rule=\"Settle first\"",
                  "reason=\"debounced\""))
          .isEqualTo(dies.size() - 1.0);
    }
  }

  @Test
  void containerValuesResolveOnStartDieAndDestroyAsInspectShowed() throws Exception {
    String name = prefix + "-web";
    String network = prefix + "-net";
    String rules =
        "  Inspect:\n"
            + "    event: {type: container, action: [start, die, destroy], actor: {name: "
            + name
            + "}}\n"
            + "    run: [rec, 'inspect', '%%action%%', '%%container.Config.Labels.com.example.role%%',"
            + " '%%ip."
            + network
            + "%%', '%%ip%%', '%%container.Config.Image%%']\n";
    try (ReactorProcess reactor = reactor(rules)) {
      docker.run("network", "create", network);
      cleanup.add(name);
      docker.run(
          "run",
          "-d",
          "--name",
          name,
          "--network",
          network,
          "--label",
          "com.example.role=web",
          "reactor-test/busybox",
          "sleep",
          "300");
      String ip =
          docker.run(
              "inspect",
              "--format",
              "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
              name);
      String role =
          docker.run("inspect", "--format", "{{index .Config.Labels \"com.example.role\"}}", name);
      reactor.await(() -> actions("inspect").size() == 1, WAIT, "the start");
      docker.run("rm", "-f", name);
      reactor.await(() -> actions("inspect").size() == 3, WAIT, "the die and destroy");

      String values = " web " + ip + " " + ip + " reactor-test/busybox";
      assertThat(role).isEqualTo("web");
      assertThat(actions("inspect"))
          .containsExactly(
              "inspect start" + values, "inspect die" + values, "inspect destroy" + values);
    }
  }

  @Test
  void aDieSaysWhetherTheContainerWasKilledOrEndedOnItsOwn() throws Exception {
    String stopped = prefix + "-stopped";
    String crashed = prefix + "-crashed";
    String rules =
        """
          Crashes only:
            event: {type: container, action: die, killed: false}
            run: [rec, crash, '%%actor.name%%', '%%actor.exitCode%%']
          Every die:
            event: {type: container, action: die}
            run: [rec, die, '%%actor.name%%', '%%killed%%']
        """;
    try (ReactorProcess reactor = reactor(rules)) {
      cleanup.add(stopped);
      cleanup.add(crashed);
      docker.run("run", "-d", "--name", stopped, "reactor-test/busybox", "sleep", "300");
      docker.run("stop", "-t", "1", stopped);
      docker.run(
          "run", "-d", "--name", crashed, "reactor-test/busybox", "sh", "-c", "sleep 0.2; exit 4");
      reactor.await(() -> actions("die").size() == 2, WAIT, "both dies");

      assertThat(actions("die"))
          .containsExactlyInAnyOrder("die " + stopped + " true", "die " + crashed + " false");
      assertThat(actions("crash")).containsExactly("crash " + crashed + " 4");
    }
  }
}
