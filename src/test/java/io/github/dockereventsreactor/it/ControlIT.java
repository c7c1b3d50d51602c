package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.systemd.NotifyReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built daemon's control socket, asked by the built {@code health} and {@code reload}: what a
 * container's HEALTHCHECK and the unit's ExecReload= run.
 */
class ControlIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** A command of the built jar, run to its end: its exit status, then its stdout and stderr. */
  private record Asked(int status, String output) {}

  private Asked ask(String command, Path socket) throws Exception {
    Process process =
        new ProcessBuilder(
                "java",
                "-jar",
                ReactorProcess.JAR.toString(),
                command,
                "--control-socket",
                socket.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    return new Asked(process.exitValue(), output);
  }

  private Path rules(int count) throws Exception {
    StringBuilder text = new StringBuilder("events_reactor:\n");
    for (int i = 0; i < count; i++) {
      text.append("  r" + i + ":\n    event: {type: plugin, action: never}\n    run: [\"true\"]\n");
    }
    return Files.writeString(dir.resolve("rules.yml"), text);
  }

  @Test
  void reloadWaitsForItsOutcomeAndFailsWhenTheFileIsRefused() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ReactorProcess reactor =
        ReactorProcess.start(
            dir,
            dir.resolve("reactor.log"),
            Map.of("REACTOR_CONTROL_SOCKET", socket.toString()),
            "run",
            "-c",
            rules(1).toString(),
            "--state-file",
            dir.resolve("state.json").toString())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      reactor.await(() -> Files.exists(socket), WAIT, "the control socket");

      Files.writeString(dir.resolve("rules.yml"), "events_reactor:\n  r:\n    rn: [\"true\"]\n");
      Asked refused = ask("reload", socket);
      assertThat(refused.status()).as(refused.output()).isEqualTo(1);
      assertThat(refused.output())
          .contains(dir.resolve("rules.yml") + ":3:5: rule \"r\": unknown key \"rn\"")
          .contains("the previous rules stay in force");

      rules(3);
      Asked applied = ask("reload", socket);
      assertThat(applied.status()).as(applied.output()).isZero();
      assertThat(applied.output()).contains("3 rules in force from the next event");

      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).as(reactor.log()).isZero();
      assertThat(socket).doesNotExist();
    }
  }

  @Test
  void readyWhileTheEngineIsAwayHealthyOnceItAnswersWithoutARestart() throws Exception {
    Path socket = dir.resolve("control.sock");
    Path engine = dir.resolve("engine.sock");
    try (NotifyReceiver systemd = NotifyReceiver.bind("@reactor-control-it-" + UUID.randomUUID());
        ReactorProcess reactor =
            ReactorProcess.start(
                dir,
                dir.resolve("reactor.log"),
                Map.of("NOTIFY_SOCKET", systemd.name(), "DOCKER_HOST", "unix://" + engine),
                "run",
                "-c",
                rules(1).toString(),
                "--control-socket",
                socket.toString(),
                "--ping-interval",
                "200ms")) {
      assertThat(systemd.await(m -> m.startsWith("READY=1\n"), WAIT))
          .isEqualTo("READY=1\nSTATUS=1 rules loaded, connecting to unix://" + engine);
      reactor.await(() -> Files.exists(socket), WAIT, "the control socket");
      Asked away = ask("health", socket);
      assertThat(away.status()).as(away.output()).isEqualTo(1);
      assertThat(away.output()).contains("not yet connected to unix://" + engine);

      try (SocketRelay relay = new SocketRelay(engine, Path.of("/var/run/docker.sock"))) {
        systemd.await(m -> m.equals("STATUS=connected to unix://" + engine), WAIT);
        Asked healthy = ask("health", socket);
        assertThat(healthy.status()).as(healthy.output()).isZero();
        assertThat(healthy.output()).isEqualTo("healthy\n");
      }
      assertThat(reactor.isAlive()).isTrue();
    }
  }
}
