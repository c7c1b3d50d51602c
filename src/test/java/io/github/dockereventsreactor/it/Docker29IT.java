package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The reactor against an engine that behaves as Docker 29 (API 1.52): a relay in front of the real
 * engine that refuses old API versions and leaves out the fields Docker 29 removed.
 */
class Docker29IT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path ENGINE = Path.of("/var/run/docker.sock");

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "d29it" + Long.toHexString(System.nanoTime());
  private final List<String> containers = new ArrayList<>();
  private String network;

  @AfterEach
  void cleanUp() {
    containers.forEach(c -> docker.quietly("rm", "-f", c));
    if (network != null) {
      docker.quietly("network", "rm", network);
    }
  }

  private String engineApi() {
    return docker.run("version", "--format", "{{.Server.APIVersion}}");
  }

  private Recorders recorders() throws Exception {
    return Recorders.forSeed(dir);
  }

  private ReactorProcess start(Recorders recorders, EngineProxy proxy, Path rules)
      throws Exception {
    return ReactorProcess.start(
        recorders.bin(),
        dir.resolve("reactor.log"),
        "run",
        "-c",
        rules.toString(),
        "--docker-host",
        proxy.host());
  }

  private Path seedRules(String reactorBlock) throws Exception {
    return SeedFile.write(dir, prefix + "-sentry", reactorBlock);
  }

  private String startSentry() {
    network = prefix + "-net";
    docker.run("network", "create", network);
    String name = prefix + "-sentry";
    containers.add(name);
    docker.run(
        "create", "--name", name, "--network", network, "reactor-test/busybox", "sleep", "300");
    docker.run("start", name);
    return docker.run(
        "inspect",
        "--format",
        "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
        name);
  }

  @Test
  void theSeedRulesWorkAndThePayloadIsWhatThatEngineSent() throws Exception {
    Recorders recorders = recorders();
    try (EngineProxy proxy = EngineProxy.plain(ENGINE, new Docker29(52, engineApi()));
        ReactorProcess reactor = start(recorders, proxy, seedRules(""))) {
      reactor.awaitLog("connected to the Docker engine at " + proxy.host() + " (API 1.52)", WAIT);
      reactor.awaitLog("the engine at " + proxy.host() + " is Docker 29.0.0 (API 1.52)", WAIT);
      String ip = startSentry();
      String host = docker.run("info", "--format", "{{.Name}}");

      reactor.await(
          () -> calls(recorders, "docker-paas-propagate-sentry-relay").size() == 1, WAIT, "sentry");
      assertThat(calls(recorders, "docker-paas-propagate-sentry-relay").get(0).args())
          .containsExactly(ip);
      reactor.await(
          () ->
              calls(recorders, "notification-push").stream()
                  .anyMatch(c -> c.args().contains("container.start")),
          WAIT,
          "the start notification");
      assertThat(calls(recorders, "notification-push"))
          .filteredOn(c -> c.args().contains("Docker container " + prefix + "-sentry: start"))
          .singleElement()
          .satisfies(c -> assertThat(c.args()).endsWith("--link", host));

      List<String> payloads =
          calls(recorders, "salt-call").stream()
              .map(c -> c.args().get(2))
              .collect(Collectors.toList());
      assertThat(payloads)
          .isNotEmpty()
          .allSatisfy(p -> assertThat(proxy.clientsEvents()).contains(p));
      assertThat(payloads).noneMatch(p -> p.contains("\"status\"") || p.contains("\"from\""));
      assertThat(proxy.requests()).allMatch(r -> !r.matches("GET /v1\\.4[0-3]/.*"));
      assertThat(reactor.log()).doesNotContain("outside the range");
    }
  }

  @Test
  void legacyFieldsPutBackWhatDockerUsedToSend() throws Exception {
    Recorders recorders = recorders();
    try (EngineProxy proxy = EngineProxy.plain(ENGINE, new Docker29(52, engineApi()));
        ReactorProcess reactor =
            start(recorders, proxy, seedRules("reactor:\n  payload: {legacy_fields: true}\n"))) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      startSentry();
      reactor.await(
          () -> calls(recorders, "docker-paas-propagate-sentry-relay").size() == 1, WAIT, "sentry");
      String start =
          proxy.enginesEvents().stream()
              .filter(e -> e.contains("\"Action\":\"start\"") && e.contains(prefix + "-sentry"))
              .findFirst()
              .orElseThrow();
      // The older engine behind the relay still sends the legacy fields: put back, they are the
      // same.
      reactor.await(
          () -> calls(recorders, "salt-call").stream().anyMatch(c -> c.args().get(2).equals(start)),
          WAIT,
          "the start event in salt-call with status, id and from");
    }
  }

  @Test
  void anApiVersionOutsideTheTestedRangeIsWarnedAboutOnce() throws Exception {
    Recorders recorders = recorders();
    try (EngineProxy proxy = EngineProxy.plain(ENGINE, new Docker29(53, engineApi()));
        ReactorProcess reactor = start(recorders, proxy, seedRules(""))) {
      reactor.awaitLog(
          "the engine speaks API 1.53, outside the range the reactor is tested with (1.41 to 1.52)",
          WAIT);
      assertThat(reactor.log().split("outside the range", -1)).hasSize(2);
    }
  }

  @Test
  void checkWarnsAboutPlaceholdersOfRemovedFieldsNamingTheReplacement() throws Exception {
    Path rules = dir.resolve("old.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          Sentry:
            event: {type: container, action: start}
            run: [relay, '%%container.NetworkSettings.IPAddress%%']
        """);
    try (ReactorProcess check =
        ReactorProcess.start(dir, dir.resolve("check.log"), "check", "-c", rules.toString())) {
      assertThat(check.awaitExit(WAIT)).isZero();
      assertThat(check.log())
          .contains(
              rules
                  + ":4:19: warning: rule \"Sentry\": %%container.NetworkSettings.IPAddress%% reads a field Docker"
                  + " removed from inspect (gone in API 1.52, Docker 29): use %%ip%% or"
                  + " %%container.NetworkSettings.Networks.NAME.IPAddress%%");
    }
  }

  private static List<Call> calls(Recorders recorders, String command) {
    try {
      return recorders.calls(command);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
