package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which engine the reactor talks to: a Docker context made with the docker CLI, DOCKER_HOST over
 * it, and an ssh:// host refused at start with what to do instead.
 */
class EngineChoiceIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path rules() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules, "events_reactor:\n  Nothing:\n    event: {type: nothing}\n    run: [true]\n");
    return rules;
  }

  @Test
  void theCurrentDockerContextIsUsedUnlessDockerHostSaysOtherwise() throws Exception {
    Path config = Files.createDirectories(dir.resolve("docker-config"));
    try (EngineProxy proxy =
        EngineProxy.plain(Path.of("/var/run/docker.sock"), EngineProxy.TRANSPARENT)) {
      cli(config, "context", "create", "reactor-test", "--docker", "host=" + proxy.host());
      cli(config, "context", "use", "reactor-test");
      try (ReactorProcess reactor =
          ReactorProcess.start(
              dir,
              dir.resolve("context.log"),
              Map.of("DOCKER_CONFIG", config.toString()),
              "run",
              "-c",
              rules().toString())) {
        reactor.awaitLog("connected to the Docker engine at " + proxy.host(), WAIT);
        assertThat(reactor.log())
            .contains(proxy.host() + ", chosen by the Docker context \"reactor-test\"");
      }
      try (ReactorProcess reactor =
          ReactorProcess.start(
              dir,
              dir.resolve("host.log"),
              Map.of(
                  "DOCKER_CONFIG", config.toString(), "DOCKER_HOST", "unix:///var/run/docker.sock"),
              "run",
              "-c",
              rules().toString())) {
        reactor.awaitLog("connected to the Docker engine at unix:///var/run/docker.sock", WAIT);
        assertThat(reactor.log()).contains("unix:///var/run/docker.sock, chosen by DOCKER_HOST");
      }
    }
  }

  @Test
  void anSshHostIsRefusedWithWhatIsSupported() throws Exception {
    try (ReactorProcess reactor =
        ReactorProcess.start(
            dir,
            dir.resolve("ssh.log"),
            "run",
            "-c",
            rules().toString(),
            "--docker-host",
            "ssh://admin@engine")) {
      assertThat(reactor.awaitExit(WAIT)).isEqualTo(1);
      assertThat(reactor.log())
          .contains(
              "docker-events-reactor: --docker-host: \"ssh://admin@engine\": ssh:// engines are not"
                  + " supported; the reactor speaks to unix:///path/to/docker.sock and tcp://host:port");
    }
  }

  private static void cli(Path config, String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "--config", config.toString()));
    command.addAll(List.of(args));
    Docker.Result result = Docker.execute(command);
    assertThat(result.status()).as(String.join(" ", command) + ": " + result.output()).isZero();
  }
}
