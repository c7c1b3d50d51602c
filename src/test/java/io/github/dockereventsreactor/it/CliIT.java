package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** check, replay, --help and --version of the built jar, as a user runs them. */
class CliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTS = Path.of("src/test/resources/fixtures/events-sample.jsonl");

  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private Run cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-jar", ReactorProcess.JAR.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      // A daemon that should have refused to start: not left running after the test.
      process.destroyForcibly().waitFor();
    }
    assertThat(ended).as(String.join(" ", args) + " still ran after 60 s").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void checkPrintsOneLinePerRuleOfTheExample() throws Exception {
    Run run = cli("check", "-c", "examples/reactor.yml");

    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "Fire notification on container lifecycle event: on type=container run"
                + " [\"notification-push\" \"--project\" \"Acme\" \"--service\" \"Docker\" \"--type\""
                + " \"container.%%action%%\" \"--group\" \"ops\" \"--text\" \"Docker container"
                + " %%actor.name%%: %%action%%\" \"--link\" \"%%host%%\"]",
            "Propagate all events to Salt: on every event run [\"sudo\" \"salt-call\""
                + " \"event.send\" \"docker\" \"%%payload%%\"]",
            "Update Sentry Relay configuration: on type=container action=start"
                + " actor.name=sentry_web run [\"docker-paas-propagate-sentry-relay\" \"%%ip%%\"]");
  }

  @Test
  void everyExampleFileIsValid() throws Exception {
    try (var files = Files.list(Path.of("examples"))) {
      List<Path> rules =
          files
              .filter(f -> f.toString().endsWith(".yml") && read(f).contains("events_reactor:"))
              .collect(Collectors.toList());
      assertThat(rules).hasSizeGreaterThanOrEqualTo(4);
      for (Path file : rules) {
        assertThat(cli("check", "-c", file.toString()).status()).as(file.toString()).isZero();
      }
    }
  }

  @Test
  void checkReportsEveryErrorWithItsPositionAndFails() throws Exception {
    Run run = cli("check", "-c", "src/test/resources/rules/many-errors.yml");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .hasSize(10)
        .contains(
            "src/test/resources/rules/many-errors.yml:5:7: rule \"Update Sentry Relay"
                + " configuration\": unknown key \"acton\" (known: type, action, scope, actor, killed)",
            "src/test/resources/rules/many-errors.yml: 9 error(s), nothing loaded");
  }

  @Test
  void runRefusesAnInvalidFileBeforeTouchingTheEngine() throws Exception {
    Run run = cli("run", "-c", "src/test/resources/rules/many-errors.yml");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("many-errors.yml:6:50: rule \"Update Sentry Relay configuration\"");
  }

  @Test
  void replayPrintsTheArgvOfEveryMatchAsJson() throws Exception {
    Run run =
        cli(
            "replay",
            "-c",
            "examples/reactor.yml",
            "--events",
            EVENTS.toString(),
            "--format",
            "json");

    assertThat(run.status()).isZero();
    List<String> input = Files.readAllLines(EVENTS);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out().lines().collect(Collectors.toList())) {
      lines.add(JSON.readTree(line));
    }
    List<JsonNode> salt =
        lines.stream()
            .filter(l -> l.path("rule").asText().equals("Propagate all events to Salt"))
            .collect(Collectors.toList());
    assertThat(salt).hasSameSizeAs(input);
    for (int i = 0; i < input.size(); i++) {
      JsonNode event = JSON.readTree(input.get(i));
      assertThat(salt.get(i).path("event")).isEqualTo(event);
      assertThat(salt.get(i).path("argv").get(4).asText()).isEqualTo(input.get(i));
      assertThat(JSON.readTree(salt.get(i).path("argv").get(4).asText())).isEqualTo(event);
    }
    long containerEvents = input.stream().filter(l -> l.contains("\"Type\":\"container\"")).count();
    assertThat(lines.stream().filter(l -> l.path("rule").asText().startsWith("Fire notification")))
        .hasSize((int) containerEvents);
    // The recorded container is rec-sentry_web, not sentry_web: the Sentry rule never matches.
    assertThat(lines).noneMatch(l -> l.path("rule").asText().startsWith("Update Sentry"));
  }

  /** Volume create events of these actors, at these times in milliseconds from one origin. */
  private Path volumeEvents(String[] ids, long[] times) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < times.length; i++) {
      long t = 1_795_535_393_000_000_000L + times[i] * 1_000_000L;
      lines.append(
          "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\""
              + ids[i]
              + "\"},\"time\":"
              + t / 1_000_000_000L
              + ",\"timeNano\":"
              + t
              + "}\n");
    }
    return Files.writeString(dir.resolve("events.jsonl"), lines);
  }

  @Test
  void replayShowsTheBatchesEventsMakeWithinTheLingerOfTheirOwnTimes() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          forward:
            batch: {max: 3, linger: 1s}
            run: [salt-call, '%%batch.size%%', '%%batch%%']
        """);
    // Five events 100 ms apart, then one 10 s later: batches of 3, 2 and 1.
    Path events =
        volumeEvents(
            new String[] {"v0", "v1", "v2", "v3", "v4", "v5"},
            new long[] {0, 100, 200, 300, 400, 10_400});

    Run run =
        cli("replay", "-c", rules.toString(), "--events", events.toString(), "--format", "json");

    List<String> batches = new ArrayList<>();
    for (String line : run.out().lines().collect(Collectors.toList())) {
      JsonNode argv = JSON.readTree(line).path("argv");
      StringBuilder ids = new StringBuilder(argv.get(1).asText() + ":");
      JSON.readTree(argv.get(2).asText())
          .forEach(e -> ids.append(' ').append(e.path("Actor").path("ID").asText()));
      batches.add(ids.toString());
    }
    assertThat(batches).containsExactly("3: v0 v1 v2", "2: v3 v4", "1: v5");
  }

  @Test
  void replayShowsADebouncedAndAThrottledRuleAsRunWouldOnTheEventsOwnTime() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          quiet:
            debounce: 1s
            run: [q, '%%actor.id%%']
          limited:
            throttle: {max: 1, per: 1m}
            run: [l, '%%actor.id%%']
        """);
    // One volume's events 100 ms apart, then another's 10 s later.
    Path events = volumeEvents(new String[] {"v", "v", "v", "w"}, new long[] {0, 100, 200, 10_200});

    Run run = cli("replay", "-c", rules.toString(), "--events", events.toString());

    assertThat(run.status()).isZero();
    assertThat(run.out().lines().filter(l -> l.contains("rule \"quiet\"")))
        .containsExactly(
            "volume create (v): rule \"quiet\" debounced: a later event of the same key came"
                + " within the quiet period",
            "volume create (v): rule \"quiet\" debounced: a later event of the same key came"
                + " within the quiet period",
            "volume create (v): rule \"quiet\" runs [\"q\",\"v\"] (at +1000ms)",
            "volume create (w): rule \"quiet\" runs [\"q\",\"w\"] (at +1000ms, after the end of"
                + " the input)");
    assertThat(run.out().lines().filter(l -> l.contains("rule \"limited\"")))
        .containsExactly(
            "volume create (v): rule \"limited\" runs [\"l\",\"v\"]",
            "volume create (v): rule \"limited\" throttled: past the rule's maximum for the window",
            "volume create (v): rule \"limited\" throttled: past the rule's maximum for the window",
            "volume create (w): rule \"limited\" runs [\"l\",\"w\"]");
  }

  @Test
  void replayReportsWhatHasNoValueAsSkipped() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          exit:
            event: {type: container}
            run: [notify, '%%actor.exitCode%%', '%%actor.name%%']
        """);

    Run run =
        cli("replay", "-c", rules.toString(), "--events", EVENTS.toString(), "--format", "json");

    List<JsonNode> lines = new ArrayList<>();
    for (String line : run.out().lines().collect(Collectors.toList())) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .filteredOn(l -> l.path("event").path("Action").asText().equals("die"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.path("argv").get(0).asText()).isEqualTo("notify"));
    assertThat(lines)
        .filteredOn(l -> l.path("event").path("Action").asText().equals("start"))
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l.path("skipped").asText())
                    .isEqualTo("%%actor.exitCode%%: the event has no actor.exitCode"));
  }

  @Test
  void replayReportsAMalformedLineWithItsNumberAndGoesOn() throws Exception {
    List<String> input = new ArrayList<>(Files.readAllLines(EVENTS).subList(0, 4));
    input.add(2, "{\"Type\": broken");
    Path events = dir.resolve("events.jsonl");
    Files.write(events, input);

    Run run = cli("replay", "-c", "examples/reactor.yml", "--events", events.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains(events + ":3: malformed event, skipped: not JSON");
    assertThat(run.out().lines().filter(l -> l.contains("Propagate all events to Salt")))
        .hasSize(4);
  }

  @Test
  void replayReportsALineThatIsNotUtf8OrOversizedWithItsNumberAndGoesOn() throws Exception {
    List<String> sample = Files.readAllLines(EVENTS).subList(0, 3);
    Path events = dir.resolve("events.jsonl");
    try (var out = Files.newOutputStream(events)) {
      out.write((sample.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {'{', '"', 'T', (byte) 0xC3, '"', '\n'});
      out.write(("{\"pad\":\"" + "x".repeat(5 << 20) + "\"}\n").getBytes(StandardCharsets.UTF_8));
      out.write((sample.get(1) + "\n" + sample.get(2) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Run run = cli("replay", "-c", "examples/reactor.yml", "--events", events.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains(events + ":2: not UTF-8 text (byte 4 of the line), skipped")
        .contains(events + ":3: a line of 5242890 bytes, over the limit of 4 MiB, skipped");
    assertThat(run.out().lines().filter(l -> l.contains("Propagate all events to Salt")))
        .hasSize(3);
  }

  @Test
  void replayExecuteGoesOnPastAnEventItsCommandCannotTake() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, "events_reactor:\n  R:\n    run: [\"true\", \"%%actor.id%%\"]\n");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"nul\","
            + "\"Attributes\":{\"name\":\"a\\u0000b\"}},\"timeNano\":1}\n"
            + "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"next\","
            + "\"Attributes\":{\"name\":\"ok\"}},\"timeNano\":2}\n");

    Run run = cli("replay", "-c", rules.toString(), "--events", events.toString(), "--execute");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("(nul): rule \"R\" runs [\"true\",\"nul\"]")
        .contains("(next): rule \"R\" runs [\"true\",\"next\"]");
    assertThat(run.err()).contains("rule \"R\" on volume create ok (next): exit 0 in ");
  }

  @Test
  void replayResolvesHostAndIpFromTheEngineOrSaysWhyNot() throws Exception {
    Docker docker = Docker.local();
    String name = "cliit-ip-" + ProcessHandle.current().pid();
    String id =
        docker.run(
            "run",
            "-d",
            "--name",
            name,
            "--label",
            "cliit=" + name,
            "reactor-test/busybox",
            "sleep",
            "120");
    try {
      String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
      String host = docker.run("info", "--format", "{{.Name}}");
      String gone = "b7ece45db8518a25529dfb64768de422b73d5bb35525c6c7f93c5b11fc78f53d";
      Path rules = dir.resolve("ip.yml");
      Files.writeString(
          rules,
          """
          events_reactor:
            Relay:
              event: {type: container, action: start}
              run: [relay, '%%host%%', '%%ip%%']
          """);
      Path events = dir.resolve("events.jsonl");
      Files.writeString(
          events,
          "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\""
              + id
              + "\",\"Attributes\":{\"name\":\""
              + name
              + "\"}},\"timeNano\":1}\n"
              + "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\""
              + gone
              + "\",\"Attributes\":{\"name\":\"gone\"}},\"timeNano\":2}\n");

      Run run = cli("replay", "-c", rules.toString(), "--events", events.toString());

      assertThat(ip).isNotEmpty();
      assertThat(run.out())
          .contains("rule \"Relay\" runs [\"relay\",\"" + host + "\",\"" + ip + "\"]")
          .contains("rule \"Relay\" skipped: %%ip%%: container " + gone + " no longer exists");
    } finally {
      docker.quietly("rm", "-f", name);
    }
  }

  /**
   * Replays one event against {@code rules} with a listening socket as the engine, which closes
   * every connection at once; returns how many connections it accepted.
   */
  private int engineConnections(String rules) throws Exception {
    Path socket = dir.resolve("engine.sock");
    Files.deleteIfExists(socket);
    Path file = Files.writeString(dir.resolve("rules.yml"), rules);
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    try (java.nio.channels.ServerSocketChannel engine =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      engine.bind(java.net.UnixDomainSocketAddress.of(socket));
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    engine.accept().close();
                    accepted.incrementAndGet();
                  }
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      acceptor.start();
      Run run =
          cli(
              "replay",
              "-c",
              file.toString(),
              "--events",
              EVENTS.toString(),
              "--docker-host",
              "unix://" + socket);
      assertThat(run.out()).contains("rule \"R\"");
      // The replay has exited: every connection it made was accepted (and closed) already.
      return accepted.get();
    }
  }

  @Test
  void replayConnectsToTheEngineOnlyForRulesThatNeedIt() throws Exception {
    assertThat(
            engineConnections(
                """
                events_reactor:
                  R:
                    event: {type: container}
                    run: [x, '%%actor.name%%', '%%payload%%', '%%timeNano%%']
                """))
        .isZero();
    assertThat(
            engineConnections(
                "events_reactor:\n  R:\n    event: {type: container}\n    run: [x, '%%host%%']\n"))
        .isPositive();
  }

  @Test
  void replayReadsStandardInput() throws Exception {
    Process process =
        new ProcessBuilder(
                "java",
                "-jar",
                ReactorProcess.JAR.toString(),
                "replay",
                "-c",
                "examples/reactor.yml",
                "--events",
                "-")
            .redirectInput(EVENTS.toFile())
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out.lines().filter(l -> l.contains("Propagate all events to Salt")))
        .hasSize(Files.readAllLines(EVENTS).size());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--max-running | 0 | 0 (at least 1: with fewer, no command would ever run)",
        "--max-running | -2 | -2 (at least 1",
        "--ping-interval | 0s | must be 1ms or longer, found 0ms",
        "--since | yesterday-ish | expected Unix seconds (1795535393.5), an ISO instant"
            + " (2026-11-25T10:00:00Z) or a duration ago (10m), found \"yesterday-ish\"",
        "--ping-interval | 5parsecs | \"5parsecs\" is not a duration: write a whole number and a"
            + " unit, as 500ms, 2s, 1m, 1h"
      })
  void runRefusesAnOptionNoDaemonCanWorkWithBeforeTouchingTheEngine(
      String option, String value, String message) throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules, "events_reactor:\n  R:\n    event: {type: plugin}\n    run: ['true']\n");

    Run run = cli("run", "-c", rules.toString(), option, value);

    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid value for option '" + option + "': " + message);
  }

  /** Known only when binding: the message names the option and the address. */
  @Test
  void aMetricsPortInUseNamesTheOptionAndTheAddress() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules, "events_reactor:\n  R:\n    event: {type: plugin}\n    run: ['true']\n");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();

      Run run = cli("run", "-c", rules.toString(), "--metrics-listen", address);

      assertThat(run.status()).as(run.err()).isEqualTo(1);
      assertThat(run.err())
          .contains(
              "docker-events-reactor: --metrics-listen \""
                  + address
                  + "\": cannot listen there: Address already in use");
    }
  }

  /** A tag another loader would act on is refused where it stands, not read as plain text. */
  @Test
  void explicitYamlTagsAreLoadErrorsWithTheirLineAndColumn() throws Exception {
    Path rules = dir.resolve("tags.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          R:
            event: !custom {type: container}
            run: !!python/object/apply:os.system ['true']
            stop: !!binary dHJ1ZQ==
        """);

    Run run = cli("check", "-c", rules.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(1);
    String rest =
        " is not read here: rules files hold plain strings, numbers, booleans, lists and"
            + " mappings; remove the tag";
    assertThat(run.err().lines())
        .containsExactly(
            rules + ":3:12: the YAML tag !custom" + rest,
            rules + ":4:10: the YAML tag !!python/object/apply:os.system" + rest,
            rules + ":5:11: the YAML tag !!binary" + rest,
            rules + ": 3 error(s), nothing loaded");
  }

  /** The Salt state's gate: a file check passes must not be one run refuses at its start. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics: {listen: '127.0.0.1:999999'}",
        "metrics: {listen: 'no-such-host.invalid:9323'}",
        "docker_host: 'ssh://admin@192.0.2.1'",
        "docker_host: 'unix://'",
        "docker_host: 'http://[::1'",
        "docker_host: 'tcp://127.0.0.1:2376'\n  tls: {cert_path: /nonexistent-reactor-certs}"
      })
  void checkRefusesTheReactorSettingsRunRefusesWithTheSameMessage(String setting) throws Exception {
    Path rules = dir.resolve("reactor.yml");
    Files.writeString(
        rules, "events_reactor:\n  R:\n    run: [echo]\nreactor:\n  " + setting + "\n");

    Run run = cli("run", "-c", rules.toString());
    Run check = cli("check", "-c", rules.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("java.");
    assertThat(check.status()).as(check.err()).isEqualTo(1);
    // The same words, each command naming itself or the file as it does for every refusal.
    assertThat(run.err()).startsWith("docker-events-reactor: ");
    assertThat(check.err().strip())
        .isEqualTo(rules + ": " + run.err().strip().substring("docker-events-reactor: ".length()));
    assertThat(check.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "check", "replay", "explain"})
  void everyCommandHasHelp(String command) throws Exception {
    Run run = cli(command, "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .startsWith("Usage: docker-events-reactor " + command)
        .contains("--config");
  }

  /** Another engineer's test subcommand is coming: an unknown name of our own. */
  @Test
  void anUnknownCommandWithHelpIsAUsageErrorNotTheRootsHelp() throws Exception {
    Run run = cli("frobnicate", "--help");

    assertThat(run.status()).as(run.out()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown command 'frobnicate': the commands are run, check,");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void versionComesFromThePom() throws Exception {
    assertThat(cli("--version").out().strip())
        .matches(
            "docker-events-reactor \\d+\\.\\d+\\.\\d+\nbuilt from commit [0-9a-f]{40}( with uncommitted changes)?");
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "explain"})
  void aMissingFileOfEventsIsSaidPlainly(String command) throws Exception {
    Path missing = dir.resolve("recorded.jsonl");

    Run run = cli(command, "-c", "examples/reactor.yml", "--events", missing.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("docker-events-reactor: " + missing + ": no such file");
  }

  @Test
  void aMissingFileIsSaidPlainly() throws Exception {
    Run run = cli("check", "-c", dir.resolve("nope.yml").toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo(dir.resolve("nope.yml") + ": no such file");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
