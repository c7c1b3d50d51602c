package io.github.dockereventsreactor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.OutputLimits;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that try to outlive their rule: each runs in a session of its own, and what it leaves in
 * it ends with it. Each test would wait for a 60-second sleep without the fix (the timeout).
 */
@Timeout(30)
class ProcessGroupTest {

  private static final String EVENT =
      "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
          + "\"Attributes\":{\"name\":\"web\"}},\"time\":1}";

  @TempDir Path dir;

  private final ProcessExecutor executor = executor(Duration.ofMillis(300));

  /** The executor under test: posix_spawn here, the JDK's spawn in the subclass. */
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, true);
  }

  private long escaped;

  @AfterEach
  void killTheEscapee() {
    if (escaped > 0) {
      ProcessHandle.of(escaped).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Rule rule(String timeout) throws Exception {
    return RulesLoader.parse(
            "r.yml", "events_reactor:\n  r:\n    timeout: " + timeout + "\n    run: [x]\n")
        .rules()
        .get(0);
  }

  private Outcome run(String timeout, String script, DockerEvent event, Map<String, String> env)
      throws Exception {
    return executor.run(
        rule(timeout),
        event,
        new Prepared.Command(
            List.of("sh", "-c", script, dir.toString()),
            env,
            Optional.empty(),
            Optional.empty(),
            OutputLimits.DEFAULTS));
  }

  private Outcome run(String timeout, String script) throws Exception {
    return run(timeout, script, EventJson.parse(EVENT), Map.of());
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve(file)).strip());
  }

  @Test
  void theCommandLeadsASessionOfItsOwnUnderTheSamePid() throws Exception {
    assertThat(run("10s", "cat /proc/$$/stat > \"$0/stat\"; echo $$ > \"$0/pid\""))
        .isInstanceOf(Outcome.Exited.class);

    String stat = Files.readString(dir.resolve("stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long pid = pid("pid");
    assertThat(Long.parseLong(fields[1]))
        .as("parent: the JVM, setsid did not fork")
        .isEqualTo(ProcessHandle.current().pid());
    assertThat(Long.parseLong(fields[2])).as("process group").isEqualTo(pid);
    assertThat(Long.parseLong(fields[3])).as("session").isEqualTo(pid);
  }

  @Test
  void aGrandchildHoldingStdoutNeitherHoldsTheRuleNorOutlivesTheCommand() throws Exception {
    Outcome outcome = run("60s", "sleep 60 & echo $! > \"$0/child\"; echo started");

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) outcome).status()).isZero();
    assertThat(ProcessExecutorTest.running(pid("child"))).as("the grandchild sleep").isFalse();
  }

  @Test
  void theTimeoutEndsTheWholeGroupEvenWhatLeftTheTree() throws Exception {
    // The inner shell exits at once: its sleep is an orphan of PID 1, no descendant of the command.
    Outcome outcome =
        run("300ms", "sh -c 'sleep 60 & echo $! > \"$0/orphan\"' \"$0\"; sleep 60 > /dev/null");

    assertThat(outcome).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(300)));
    assertThat(ProcessExecutorTest.running(pid("orphan"))).as("the orphaned sleep").isFalse();
  }

  @Test
  void whatLeavesWithItsOwnSetsidHoldsNeitherTheRuleNorItsOutput() throws Exception {
    Outcome outcome =
        run(
            "60s",
            "setsid sh -c 'echo $$ > \"$0/escaped\"; exec sleep 60' \"$0\" & sleep 0.2; echo done");

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    escaped = pid("escaped");
  }

  @Test
  void anOversizedPayloadIsLeftOutOfTheEnvironmentAndTheCommandStillRuns() throws Exception {
    DockerEvent big =
        EventJson.parse(
            EVENT.replace("\"web\"", "\"web\",\"big\":\"" + "x".repeat(200_000) + "\""));

    Outcome outcome =
        run(
            "10s",
            "env | grep -c '^DOCKER_EVENT_PAYLOAD=' > \"$0/count\"; echo $DOCKER_EVENT_ACTOR_NAME > \"$0/name\"",
            big,
            Map.of());

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(Files.readString(dir.resolve("count")).strip()).isEqualTo("0");
    assertThat(Files.readString(dir.resolve("name")).strip()).isEqualTo("web");
    assertThat(executor.eventEnvironment(rule("1s"), big))
        .doesNotContainKey("DOCKER_EVENT_PAYLOAD");
  }

  @Test
  void aNulInAnAttributeLeavesOnlyThatVariableOut() throws Exception {
    DockerEvent nul = EventJson.parse(EVENT.replace("\"web\"", "\"we\\u0000b\""));

    assertThat(executor.eventEnvironment(rule("1s"), nul))
        .doesNotContainKey("DOCKER_EVENT_ACTOR_NAME")
        .containsKeys("DOCKER_EVENT_TYPE", "DOCKER_EVENT_PAYLOAD");
    assertThat(run("10s", "true", nul, Map.of())).isInstanceOf(Outcome.Exited.class);
  }

  @Test
  void aNulInARulesEnvironmentValueIsNotStartedPlainly() throws Exception {
    assertThat(run("10s", "true", EventJson.parse(EVENT), Map.of("ROLE", "a\0b")))
        .isEqualTo(
            new Outcome.NotStarted("env ROLE contains a NUL byte, which no command can receive"));
  }

  @Test
  void aRelativeCommandIsFoundFromItsWorkingDirectory() throws Exception {
    Path script =
        Files.writeString(
            dir.resolve("here.sh"), "#!/bin/sh\necho ok > \"$(dirname \"$0\")/ran\"\n");
    script.toFile().setExecutable(true);

    Outcome outcome =
        executor.run(
            rule("10s"),
            EventJson.parse(EVENT),
            new Prepared.Command(
                List.of("./here.sh"),
                Map.of(),
                Optional.of(dir.toString()),
                Optional.empty(),
                OutputLimits.DEFAULTS));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(Files.readString(dir.resolve("ran")).strip()).isEqualTo("ok");
  }
}
