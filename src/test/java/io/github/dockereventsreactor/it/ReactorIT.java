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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon on the issue's rules file, against the real engine, with recorders on PATH. */
class ReactorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "rit" + Long.toHexString(System.nanoTime());
  private final List<String> containers = new ArrayList<>();
  private final List<String> networks = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    containers.forEach(c -> docker.quietly("rm", "-f", c));
    networks.forEach(n -> docker.quietly("network", "rm", n));
  }

  private Recorders recorders() throws Exception {
    return Recorders.forSeed(dir);
  }

  private ReactorProcess start(Recorders recorders, Path rules) throws Exception {
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(), dir.resolve("reactor.log"), "run", "-c", rules.toString());
    reactor.awaitLog("connected to the Docker engine", WAIT);
    return reactor;
  }

  private String container(String name, String network, String... labels) {
    List<String> args = new ArrayList<>(List.of("create", "--name", name));
    if (network != null) {
      args.addAll(List.of("--network", network));
    }
    for (String label : labels) {
      args.addAll(List.of("--label", label));
    }
    args.addAll(List.of("reactor-test/busybox", "sleep", "300"));
    String id = docker.run(args.toArray(String[]::new));
    containers.add(name);
    return id;
  }

  @Test
  void runsTheIssueRulesOnARealContainerLifecycle() throws Exception {
    Recorders recorders = recorders();
    ReactorProcess reactor = start(recorders, Path.of("examples/reactor.yml"));
    try (reactor) {
      long since = Docker.nowNanos();
      String network = prefix + "-net";
      docker.run("network", "create", network);
      networks.add(network);
      String sentryId = container("sentry_web", network, "com.example.role=web");
      String otherId = container(prefix + "-other", network);
      docker.run("start", "sentry_web");
      String firstIp = ip("sentry_web", network);
      docker.run("start", prefix + "-other");
      docker.run("stop", "-t", "0", "sentry_web");
      docker.run("start", "sentry_web");
      String secondIp = ip("sentry_web", network);
      docker.run("rm", "-f", "sentry_web", prefix + "-other");
      docker.run("network", "rm", network);
      long until = Docker.nowNanos();
      List<JsonNode> truth = new ArrayList<>();
      for (String line : docker.events(since, until)) {
        truth.add(JSON.readTree(line));
      }
      Set<String> ids = Set.of(sentryId, otherId);
      List<JsonNode> ours =
          truth.stream()
              .filter(
                  e ->
                      ids.contains(e.path("Actor").path("ID").asText())
                          || network.equals(
                              e.path("Actor").path("Attributes").path("name").asText()))
              .collect(Collectors.toList());
      reactor.await(
          () -> saltPayloads(recorders).containsAll(ours), WAIT, "every event in salt-call");

      // Salt: the event exactly as Docker reports it, in argv and environment alike.
      for (Call call : recorders.calls("salt-call")) {
        assertThat(call.args().subList(0, 2)).containsExactly("event.send", "docker");
        assertThat(call.env().get("DOCKER_EVENT_PAYLOAD")).isEqualTo(call.args().get(2));
        JsonNode payload = JSON.readTree(call.args().get(2));
        assertThat(call.env().get("DOCKER_EVENT_TYPE")).isEqualTo(payload.path("Type").asText());
        assertThat(call.env().get("DOCKER_EVENT_ACTION"))
            .isEqualTo(payload.path("Action").asText());
        assertThat(call.env().get("DOCKER_EVENT_ACTOR_ID"))
            .isEqualTo(payload.path("Actor").path("ID").asText());
      }
      assertThat(saltPayloads(recorders).stream().filter(ours::contains)).hasSameSizeAs(ours);

      // Notifications: one per container event, with its action, name and the engine's host.
      String host = docker.run("info", "--format", "{{.Name}}");
      List<String> expected = new ArrayList<>();
      for (JsonNode e : ours) {
        if (e.path("Type").asText().equals("container")) {
          String name = e.path("Actor").path("Attributes").path("name").asText();
          String action = e.path("Action").asText();
          expected.add(
              String.join(
                  " ",
                  "--project",
                  "Acme",
                  "--service",
                  "Docker",
                  "--type",
                  "container." + action,
                  "--group",
                  "ops",
                  "--text",
                  "Docker container " + name + ": " + action,
                  "--link",
                  host));
        }
      }
      reactor.await(
          () -> recorders.argLines("notification-push").containsAll(expected),
          WAIT,
          "every notification");
      assertThat(expected)
          .anyMatch(n -> n.contains("container.start"))
          .anyMatch(n -> n.contains("container.die"))
          .anyMatch(n -> n.contains("container.stop"))
          .anyMatch(n -> n.contains("container.destroy"))
          .anyMatch(n -> n.contains("Docker container " + prefix + "-other: start"));
      assertThat(recorders.argLines("notification-push")).containsAll(expected);

      // Sentry: once per start of sentry_web, with the IP inspect showed, never for the other.
      reactor.await(
          () -> sentryCalls(recorders) >= 2,
          WAIT,
          "both starts of sentry_web in the Sentry command");
      List<List<String>> sentry =
          recorders.calls("docker-paas-propagate-sentry-relay").stream()
              .map(Call::args)
              .collect(Collectors.toList());
      assertThat(sentry).containsExactly(List.of(firstIp), List.of(secondIp));
      assertThat(recorders.calls("docker-paas-propagate-sentry-relay"))
          .allSatisfy(
              c -> assertThat(c.env()).containsEntry("DOCKER_EVENT_ACTOR_NAME", "sentry_web"));

      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  private String ip(String container, String network) {
    return docker.run(
        "inspect",
        "--format",
        "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
        container);
  }

  private static int sentryCalls(Recorders recorders) {
    try {
      return recorders.calls("docker-paas-propagate-sentry-relay").size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> saltPayloads(Recorders recorders) {
    try {
      List<JsonNode> payloads = new ArrayList<>();
      for (Call call : recorders.calls("salt-call")) {
        payloads.add(JSON.readTree(call.args().get(2)));
      }
      return payloads;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aLabelFullOfShellSyntaxReachesTheCommandAsOnePlainArgument() throws Exception {
    Path pwned = dir.resolve("pwned");
    Path victim = Files.createDirectories(dir.resolve("victim"));
    String label = "x; rm -rf " + victim + " $(touch " + pwned + ") `touch " + pwned + "` --help";
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Label:\n"
            + "    event: {type: container, action: create, actor: {name: "
            + prefix
            + "-evil}}\n"
            + "    run: [recorder, --label, '%%actor.evil%%']\n"
            + "  Missing:\n"
            + "    event: {type: container, action: create, actor: {name: "
            + prefix
            + "-evil}}\n"
            + "    run: [recorder, '%%actor.nonexistent%%']\n"
            + "  Not installed:\n"
            + "    event: {type: container, action: create, actor: {name: "
            + prefix
            + "-evil}}\n"
            + "    run: [no-such-command-anywhere]\n");
    Recorders recorders = new Recorders(dir).add("recorder");
    try (ReactorProcess reactor = start(recorders, rules)) {
      container(prefix + "-evil", null, "evil=" + label);
      container(prefix + "-evil2", null, "evil=second");

      reactor.await(() -> callCount(recorders) >= 1, WAIT, "the recorder");
      reactor.awaitLog("rule \"Missing\" on container create " + prefix + "-evil", WAIT);
      reactor.awaitLog("rule \"Not installed\" on container create " + prefix + "-evil", WAIT);

      assertThat(recorders.calls("recorder"))
          .singleElement()
          .satisfies(c -> assertThat(c.args()).containsExactly("--label", label));
      assertThat(pwned).doesNotExist();
      assertThat(victim).exists();
      assertThat(reactor.log())
          .contains(
              "rule \"Missing\" on container create " + prefix + "-evil",
              "skipped, %%actor.nonexistent%%: the event has no actor.nonexistent")
          .contains("not started: cannot run \"no-such-command-anywhere\"");
      assertThat(reactor.isAlive()).isTrue();
    }
  }

  private static int callCount(Recorders recorders) {
    try {
      return recorders.calls().size();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
