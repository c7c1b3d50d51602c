package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new user's first five minutes: run without a rules file, explain, check's warnings. */
class FirstRuleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "first" + Long.toHexString(System.nanoTime());
  private final List<String> containers = new ArrayList<>();
  private final List<String> networks = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    containers.forEach(c -> docker.quietly("rm", "-f", c));
    networks.forEach(n -> docker.quietly("network", "rm", n));
  }

  /** The CLI as a child process, with this environment on top of ours and its output in files. */
  private Process cli(Map<String, String> env, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("java", "-Xmx128m", "-jar", ReactorProcess.JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DOCKER_HOST");
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Waits until the file holds a line that satisfies the test, failing with both files after the
   * deadline.
   */
  private String awaitLine(String file, java.util.function.Predicate<String> test, String what)
      throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      Optional<String> line = read(file).lines().filter(test).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "timed out waiting for " + what + "\nout:\n" + read("out") + "\nerr:\n" + read("err"));
  }

  private String container(String name, String network, String label) {
    String id =
        docker.run(
            "create",
            "--name",
            name,
            "--network",
            network,
            "--label",
            label,
            "reactor-test/busybox",
            "sleep",
            "300");
    containers.add(name);
    return id;
  }

  @Test
  void runWithoutRulesLogsALineForAContainersStartAndSaysWhereRulesGo() throws Exception {
    Path config = dir.resolve("config");
    Process reactor =
        cli(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", config.toString()), "run");
    awaitLine("err", l -> l.contains("connected to the Docker engine"), "the connection");
    String network = prefix + "-net";
    docker.run("network", "create", network);
    networks.add(network);
    String name = prefix + "-web";
    String id = container(name, network, prefix + "=1");

    docker.run("start", name);

    awaitLine(
        "err",
        l ->
            l.endsWith(
                "container start "
                    + name
                    + " ("
                    + id.substring(0, 12)
                    + ") image=reactor-test/busybox"),
        "the start line");
    assertThat(read("err").lines().findFirst().orElseThrow())
        .contains("no rules file (-c FILE, " + config.resolve("docker-events-reactor/reactor.yml"))
        .contains("write your rules to " + config.resolve("docker-events-reactor/reactor.yml"));
    reactor.destroy();
    assertThat(reactor.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(reactor.exitValue()).isZero();
  }

  @Test
  void explainShowsTheValuesDockerInspectHasAndWhatTheRulesWouldRun() throws Exception {
    String network = prefix + "-net";
    String name = prefix + "-web";
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Relay:\n"
            + "    event: {type: container, action: start}\n"
            + "    run: [relay, '%%actor.name%%', '%%ip."
            + network
            + "%%', '%%container.Config.Hostname%%']\n"
            + "  Crashes:\n"
            + "    event: {type: container, action: die, actor: {name: "
            + name
            + "}}\n"
            + "    run: [notify, '%%actor.name%%']\n");
    cli(
        Map.of(),
        "explain",
        "-c",
        rules.toString(),
        "--all",
        "--format",
        "json",
        "--filter",
        "label=" + prefix);
    awaitLine("err", l -> l.contains("connected to the Docker engine"), "the connection");
    docker.run("network", "create", network);
    networks.add(network);
    String id = container(name, network, prefix + "=1");

    docker.run("start", name);

    JsonNode start =
        JSON.readTree(
            awaitLine("out", l -> l.contains("\"Action\":\"start\""), "the start's explanation"));
    JsonNode values = start.path("placeholders");
    String ip =
        docker.run(
            "inspect",
            "-f",
            "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
            name);
    assertThat(ip).isNotEmpty();
    assertThat(values.path("actor.id").asText()).isEqualTo(id);
    assertThat(values.path("actor.name").asText()).isEqualTo(name);
    assertThat(values.path("actor.image").asText())
        .isEqualTo(docker.run("inspect", "-f", "{{.Config.Image}}", name));
    assertThat(values.path("ip").asText()).isEqualTo(ip);
    assertThat(values.path("ip." + network).asText()).isEqualTo(ip);
    assertThat(values.path("host").asText()).isEqualTo(docker.run("info", "--format", "{{.Name}}"));
    assertThat(values.path("container.Name").asText()).isEqualTo("/" + name);
    assertThat(values.path("container.Config.Hostname").asText())
        .isEqualTo(docker.run("inspect", "-f", "{{.Config.Hostname}}", name));
    assertThat(values.path("container.Config.Labels." + prefix).asText()).isEqualTo("1");
    assertThat(start.path("rules").get(0).path("argv"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "relay", name, ip, docker.run("inspect", "-f", "{{.Config.Hostname}}", name));
    assertThat(start.path("near").get(0).path("why").asText()).isEqualTo("action: start ≠ die");
    // The filter let through only this container's events: nothing of the network's creation.
    assertThat(read("out").lines().map(l -> l.contains(name)).collect(Collectors.toList()))
        .doesNotContain(false);
  }

  @Test
  void twentyEventsWithAMissingCommandGiveAtMostThreeLogLines() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules, "events_reactor:\n  Missing:\n    run: [" + prefix + "-not-installed]\n");
    List<String> events =
        Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"))
            .subList(0, 20);
    Path recorded = Files.write(dir.resolve("events.jsonl"), events);

    Process replay =
        cli(
            Map.of(),
            "replay",
            "-c",
            rules.toString(),
            "--events",
            recorded.toString(),
            "--execute");

    assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(read("out").lines().filter(l -> l.contains("rule \"Missing\" runs"))).hasSize(20);
    List<String> logged =
        read("err").lines().filter(l -> l.contains("not started")).collect(Collectors.toList());
    assertThat(logged).hasSizeBetween(1, 3);
    assertThat(logged.get(0)).contains("cannot run \"" + prefix + "-not-installed\"");
  }

  @Test
  void checkWarnsWithPositionsAndFailsOnlyWhenStrict() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n  Cleanup:\n    event: {type: container, action: destory}\n    run: ["
            + prefix
            + "-missing]\n");

    Process check = cli(Map.of(), "check", "-c", rules.toString());
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(check.exitValue()).isZero();
    assertThat(read("err").lines())
        .contains(
            rules
                + ":3:38: warning: rule \"Cleanup\": action: \"destory\" never comes with type container"
                + " (did you mean \"destroy\"?)")
        .anyMatch(
            l ->
                l.startsWith(
                    rules
                        + ":4:11: warning: rule \"Cleanup\": run: \""
                        + prefix
                        + "-missing\" not found on the PATH"));

    Process strict = cli(Map.of(), "check", "--strict", "-c", rules.toString());
    assertThat(strict.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(strict.exitValue()).isEqualTo(1);
    assertThat(read("err")).contains(rules + ": 2 warning(s), errors under --strict");
  }

  @Test
  void helpShowsPlaceholdersAsWritten() throws Exception {
    Process help = cli(Map.of(), "explain", "--help");
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(read("out"))
        .contains("Also every %%container.…%% value")
        .doesNotContain(" %container");
  }
}
