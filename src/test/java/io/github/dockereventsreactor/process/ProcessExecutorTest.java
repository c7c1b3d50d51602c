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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes: what the kernel and the JDK do is the point. */
class ProcessExecutorTest {

  private static final String EVENT =
      "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
          + "\"Attributes\":{\"name\":\"sentry_web\"}},\"time\":1,\"timeNano\":1000000000}";

  @TempDir Path dir;

  private final ProcessExecutor executor = executor(Duration.ofMillis(300));

  /** The executor under test: posix_spawn here, the JDK's spawn in the subclass. */
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, true);
  }

  private static Rule rule() throws Exception {
    return RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n").rules().get(0);
  }

  private static Rule ruleWithTimeout(String timeout) throws Exception {
    return RulesLoader.parse(
            "r.yml", "events_reactor:\n  r:\n    timeout: " + timeout + "\n    run: [x]\n")
        .rules()
        .get(0);
  }

  private static Prepared.Command command(String... argv) {
    return new Prepared.Command(
        List.of(argv), Map.of(), Optional.empty(), Optional.empty(), OutputLimits.DEFAULTS);
  }

  private static DockerEvent event() throws Exception {
    return EventJson.parse(EVENT);
  }

  @Test
  void passesArgumentsVerbatimAndTheEventInTheEnvironment() throws Exception {
    Path out = dir.resolve("out");
    String script =
        "printf '%s\\n' \"$@\" > \"$0\"; env | grep '^DOCKER_EVENT_' | sort >> \"$0\"; exit 3";

    Outcome outcome =
        executor.run(
            rule(), event(), command("sh", "-c", script, out.toString(), "a b", "$(touch x)", "é"));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) outcome).status()).isEqualTo(3);
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "a b",
            "$(touch x)",
            "é",
            "DOCKER_EVENT_ACTION=start",
            "DOCKER_EVENT_ACTOR_ID=c0ffee",
            "DOCKER_EVENT_ACTOR_NAME=sentry_web",
            "DOCKER_EVENT_PAYLOAD=" + EVENT,
            "DOCKER_EVENT_TYPE=container");
  }

  @Test
  void aMissingCommandIsNotStartedWithTheReason() throws Exception {
    Outcome outcome = executor.run(rule(), event(), command("/nonexistent/notify"));

    assertThat(outcome).isInstanceOf(Outcome.NotStarted.class);
    assertThat(((Outcome.NotStarted) outcome).reason())
        .startsWith("cannot run \"/nonexistent/notify\": ")
        .contains("No such file or directory");
  }

  @Test
  void aPathThatCannotBeRunIsNotStartedWithTheReason() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\nexit 0\n");

    Outcome directory = executor.run(rule(), event(), command(dir.toString()));
    Outcome notExecutable = executor.run(rule(), event(), command(plain.toString()));
    Outcome underAFile = executor.run(rule(), event(), command(plain + "/x"));

    assertThat(((Outcome.NotStarted) directory).reason())
        .isEqualTo("cannot run \"" + dir + "\": Permission denied");
    assertThat(((Outcome.NotStarted) notExecutable).reason())
        .isEqualTo("cannot run \"" + plain + "\": Permission denied");
    assertThat(((Outcome.NotStarted) underAFile).reason())
        .isEqualTo("cannot run \"" + plain + "/x\": No such file or directory");
  }

  @Test
  void refusesANulByteAndAnOversizedArgumentPlainly() throws Exception {
    Outcome nul = executor.run(rule(), event(), command("echo", "a\0b"));
    Outcome huge = executor.run(rule(), event(), command("echo", "x".repeat(128 * 1024)));

    assertThat(nul)
        .isEqualTo(
            new Outcome.NotStarted("argument 1 contains a NUL byte, which no command can receive"));
    assertThat(((Outcome.NotStarted) huge).reason())
        .isEqualTo(
            "argument 1 is 131072 bytes; Linux refuses a single argument or variable of 128 KiB"
                + " or more (stdin: payload passes the whole event to the command's standard input)");
  }

  @Test
  void killsTheWholeProcessTreeAtTheTimeout() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Outcome outcome =
        executor.run(
            ruleWithTimeout("300ms"),
            event(),
            command("sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", pidFile.toString()));

    assertThat(outcome).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(300)));
    long child = Long.parseLong(Files.readString(pidFile).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (running(child) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(running(child)).as("the grandchild sleep %d", child).isFalse();
  }

  /** Alive and not a zombie: this sandbox's PID 1 does not reap orphans, so they linger as Z. */
  static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readString(stat);
    return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
  }

  @Test
  void givesExtraEnvironmentAWorkingDirectoryAndThePayloadOnStdin() throws Exception {
    Path out = dir.resolve("out");
    Prepared.Command command =
        new Prepared.Command(
            List.of("sh", "-c", "{ pwd; echo \"$ROLE\"; cat; } > \"$0\"", out.toString()),
            Map.of("ROLE", "web"),
            Optional.of(dir.toString()),
            Optional.of(EVENT),
            OutputLimits.DEFAULTS);

    Outcome outcome = executor.run(rule(), event(), command);

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(Files.readString(out)).isEqualTo(dir + "\nweb\n" + EVENT);
  }

  /**
   * The reactor's variables pass through, once each; the rule's replace theirs, not add to them.
   */
  @Test
  void theRulesEnvironmentReplacesTheReactorsVariablesOnce() throws Exception {
    Path out = dir.resolve("out");
    Map.Entry<String, String> inherited =
        System.getenv().entrySet().stream()
            .filter(e -> !e.getKey().equals("PATH") && !e.getValue().contains("\n"))
            .findFirst()
            .orElseThrow();
    Prepared.Command command =
        new Prepared.Command(
            List.of("sh", "-c", "env > \"$0\"", out.toString()),
            Map.of("PATH", "/nonexistent:/usr/bin:/bin"),
            Optional.empty(),
            Optional.empty(),
            OutputLimits.DEFAULTS);

    Outcome outcome = executor.run(rule(), event(), command);

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.stream().filter(line -> line.startsWith("PATH=")))
        .containsExactly("PATH=/nonexistent:/usr/bin:/bin");
    assertThat(lines.stream().filter(line -> line.startsWith(inherited.getKey() + "=")))
        .containsExactly(inherited.getKey() + "=" + inherited.getValue());
  }

  @Test
  void aMissingWorkingDirectoryIsNotStartedPlainly() throws Exception {
    Outcome outcome =
        executor.run(
            rule(),
            event(),
            new Prepared.Command(
                List.of("true"),
                Map.of(),
                Optional.of("/nonexistent"),
                Optional.empty(),
                OutputLimits.DEFAULTS));

    assertThat(outcome).isEqualTo(new Outcome.NotStarted("cwd /nonexistent is not a directory"));
  }

  @Test
  void theCommandHoldsOnlyItsThreeStandardDescriptors() throws Exception {
    Path out = dir.resolve("out");
    // ls opens one more, 3, for the directory it lists.
    Outcome outcome =
        executor.run(
            rule(), event(), command("sh", "-c", "ls /proc/self/fd > \"$0\"", out.toString()));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(Files.readAllLines(out)).containsExactly("0", "1", "2", "3");
  }

  @Test
  void aCommandEndedByASignalReportsItAsTheJdkDoes() throws Exception {
    Outcome outcome = executor.run(rule(), event(), command("sh", "-c", "kill -TERM $$"));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) outcome).status()).isEqualTo(128 + 15);
  }

  @Test
  void theCommandStartsWithNoSignalBlockedOrIgnored() throws Exception {
    Path out = dir.resolve("out");
    Outcome outcome =
        executor.run(
            rule(),
            event(),
            command(
                "sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status > \"$0\"", out.toString()));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    // The standard signals, 1 to 31: glibc keeps two real-time ones (32, 33) for itself.
    assertThat(lines)
        .allSatisfy(
            line -> assertThat(Long.parseLong(line.substring(8), 16) & 0x7fffffffL).isZero());
  }

  @Test
  void aScriptWithoutAnInterpreterLineRunsInTheShellAsExecvpRunsIt() throws Exception {
    Path out = dir.resolve("out");
    Path script = dir.resolve("plain");
    Files.writeString(script, "echo \"ran with $1\" > \"$2\"\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();

    Outcome outcome =
        executor.run(rule(), event(), command(script.toString(), "é", out.toString()));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) outcome).status()).isZero();
    assertThat(Files.readString(out)).isEqualTo("ran with é\n");
  }

  @Test
  void theCommandsOutputIsLoggedWholeAndItsExitSeen() throws Exception {
    Outcome outcome =
        executor.run(rule(), event(), command("sh", "-c", "seq 1 20000; echo err >&2; exit 7"));

    assertThat(outcome).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) outcome).status()).isEqualTo(7);
  }
}
