package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.it.Recorders.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactor against Podman's Docker-compatible service (Debian's 4.3), started by
 * scripts/test-env.
 */
class PodmanIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final Podman podman = new Podman();
  private final String prefix = "pit" + Long.toHexString(System.nanoTime());
  private final List<String> containers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    containers.forEach(c -> podman.quietly("rm", "-f", "-t", "0", c));
  }

  private ReactorProcess start(Recorders recorders, Path rules, String log, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(List.of("run", "-c", rules.toString(), "--docker-host", podman.host()));
    args.addAll(List.of(more));
    ReactorProcess reactor =
        ReactorProcess.start(recorders.bin(), dir.resolve(log), args.toArray(String[]::new));
    reactor.awaitLog("connected to the Docker engine at " + podman.host(), WAIT);
    return reactor;
  }

  private String container(String name, String... options) {
    containers.add(name);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    args.addAll(List.of(options));
    args.addAll(List.of("reactor-test/busybox", "sleep", "300"));
    return podman.run(args.toArray(String[]::new));
  }

  @Test
  void theSeedFileNotifiesForwardsPodmansPayloadAndHotFixesSentry() throws Exception {
    Recorders recorders = Recorders.forSeed(dir);
    String sentry = prefix + "-sentry";
    long since = Docker.nowNanos();
    try (ReactorProcess reactor =
        start(recorders, SeedFile.write(dir, sentry, ""), "reactor.log")) {
      reactor.awaitLog("is Podman 4.3", WAIT);
      String id = container(sentry);
      String ip = podman.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", sentry);
      String host = podman.run("info", "--format", "{{.Host.Hostname}}");
      // Running, as the relay's peer is: removed at once, the inspect that %%ip%% needs would race
      // the removal (a race the reactor narrows by keeping the last inspect, but cannot close).
      reactor.await(
          () -> calls(recorders, "docker-paas-propagate-sentry-relay").size() == 1, WAIT, "sentry");
      assertThat(calls(recorders, "docker-paas-propagate-sentry-relay").get(0).args())
          .containsExactly(ip);
      podman.run("rm", "-f", "-t", "0", sentry);

      // Notifications carry Podman's own word for each action.
      reactor.await(
          () -> notified(recorders).contains("container.remove " + sentry),
          WAIT,
          "remove notification");
      assertThat(notified(recorders)).contains("container.start " + sentry);
      assertThat(calls(recorders, "notification-push"))
          .filteredOn(c -> c.args().contains("Docker container " + sentry + ": start"))
          .singleElement()
          .satisfies(c -> assertThat(c.args()).endsWith("--link", host));

      // Salt: every event of the container exactly as Podman sends it (remove, HealthStatus and
      // all).
      List<String> truth =
          podman.events(since).stream().filter(e -> e.contains(id)).collect(Collectors.toList());
      assertThat(truth).anyMatch(e -> e.contains("\"Action\":\"remove\""));
      reactor.await(
          () -> saltPayloads(recorders).containsAll(truth),
          WAIT,
          "every event of the container in salt");
      assertThat(saltPayloads(recorders).stream().filter(truth::contains)).hasSameSizeAs(truth);
    }
  }

  @Test
  void rulesWrittenForDockerMatchPodmansNames() throws Exception {
    String name = prefix + "-names";
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Gone:\n"
            + "    event: {type: container, action: destroy, actor: {name: "
            + name
            + "}}\n"
            + "    run: [recorder, gone, '%%action%%', '%%docker.action%%']\n"
            + "  Exec ended:\n"
            + "    event: {type: container, action: exec_die, actor: {name: "
            + name
            + "}}\n"
            + "    run: [recorder, exec, '%%action%%', '%%docker.action%%']\n"
            + "  Sick:\n"
            + "    event: {type: container, action: 'health_status: unhealthy', actor: {name: "
            + name
            + "}}\n"
            + "    run: [recorder, sick, '%%action%%', '%%docker.action%%']\n");
    Recorders recorders = new Recorders(dir).add("recorder");
    try (ReactorProcess reactor = start(recorders, rules, "reactor.log")) {
      container(
          name, "--health-cmd", "false", "--health-interval", "disable", "--health-retries", "1");
      // The first failed check reports "starting", the second "unhealthy" (Podman 4.3).
      podman.quietly("healthcheck", "run", name);
      podman.quietly("healthcheck", "run", name);
      podman.run("exec", name, "true");
      podman.run("rm", "-f", "-t", "0", name);

      reactor.await(
          () -> calls(recorders, "recorder").stream().anyMatch(c -> c.args().get(0).equals("gone")),
          WAIT,
          "gone");
      List<List<String>> seen =
          calls(recorders, "recorder").stream().map(Call::args).collect(Collectors.toList());
      assertThat(seen)
          .contains(
              List.of("gone", "remove", "destroy"),
              List.of("exec", "exec_died", "exec_die"),
              List.of("sick", "health_status", "health_status: unhealthy"));
      assertThat(seen).filteredOn(a -> a.get(0).equals("gone")).hasSize(1);
      assertThat(seen).filteredOn(a -> a.get(0).equals("sick")).hasSize(1);
    }
  }

  @Test
  void aRestartedReactorResumesWithNothingLostAndNothingTwice() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Path log = dir.resolve("acted.log");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Every event of ours:\n"
            + "    event: {type: container, actor: {name: {glob: '"
            + prefix
            + "-*'}}}\n"
            + "    run: [appender, '%%actor.id%% %%action%% %%timeNano%%']\n");
    Recorders recorders = new Recorders(dir).appender("appender", log);
    Path state = dir.resolve("state.json");
    long since = Docker.nowNanos();
    String before = prefix + "-before";
    try (ReactorProcess first =
        start(recorders, rules, "first.log", "--state-file", state.toString())) {
      // The last event before the stop is one the dialect renames (remove, matched as destroy): its
      // replay must still be recognised as the checkpoint's.
      String id = container(before);
      podman.run("rm", "-f", "-t", "0", before);
      first.await(
          () -> acted(log).stream().anyMatch(l -> l.startsWith(id + " remove ")),
          WAIT,
          "the first reactor acting on the remove");
      first.signal("TERM");
      assertThat(first.awaitExit(WAIT)).isZero();
    }
    String during = prefix + "-during";
    container(during);
    podman.run("rm", "-f", "-t", "0", during);
    String after = prefix + "-after";
    try (ReactorProcess second =
        start(recorders, rules, "second.log", "--state-file", state.toString())) {
      String id = container(after);
      second.await(
          () -> acted(log).stream().anyMatch(l -> l.startsWith(id + " start ")),
          WAIT,
          "the live start");
      List<String> truth =
          podman.events(since).stream()
              .map(PodmanIT::parse)
              .filter(e -> e.path("Type").asText().equals("container"))
              .filter(
                  e ->
                      e.path("Actor")
                          .path("Attributes")
                          .path("name")
                          .asText()
                          .startsWith(prefix + "-"))
              .map(
                  e ->
                      e.path("Actor").path("ID").asText()
                          + " "
                          + e.path("Action").asText()
                          + " "
                          + e.path("timeNano").asText())
              .sorted()
              .collect(Collectors.toList());
      second.await(() -> acted(log).size() >= truth.size(), WAIT, "every event acted on");
      assertThat(acted(log).stream().sorted().collect(Collectors.toList())).isEqualTo(truth);
      assertThat(truth).anyMatch(l -> l.contains(" remove "));
      assertThat(second.log()).doesNotContain("events were lost");
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> acted(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> notified(Recorders recorders) {
    return calls(recorders, "notification-push").stream()
        .map(
            c ->
                c.args().get(5)
                    + " "
                    + c.args().get(9).replaceFirst("^Docker container (.*): .*$", "$1"))
        .collect(Collectors.toList());
  }

  private static List<String> saltPayloads(Recorders recorders) {
    return calls(recorders, "salt-call").stream()
        .map(c -> c.args().get(2))
        .collect(Collectors.toList());
  }

  private static List<Call> calls(Recorders recorders, String command) {
    try {
      return recorders.calls(command);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
