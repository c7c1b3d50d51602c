package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarm-scope events (service, node, secret, config) on a manager: the private engine of the fault
 * tests after {@code docker swarm init}, a service made from the local busybox image.
 */
class SwarmIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path GATEWAY_BRIDGE = Path.of("/sys/class/net/docker_gwbridge");

  @TempDir Path dir;

  private final String prefix = "sw" + Long.toHexString(System.nanoTime());

  @Test
  void swarmScopeEventsFlowAndMatch() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        events_reactor:
          Swarm:
            event: {scope: swarm, type: [service, secret, config]}
            run: [appender, '%%scope%% %%type%% %%action%% %%actor.name%%']
          Nodes:
            event: {scope: swarm, type: node}
            run: [appender, '%%scope%% node %%action%%']
        """);
    Path acted = dir.resolve("acted");
    Recorders recorders = new Recorders(dir).appender("appender", acted);
    // swarm init makes the host bridge docker_gwbridge: removed afterwards unless it was there
    // before.
    boolean bridgeWasThere = Files.exists(GATEWAY_BRIDGE);
    // Unix socket paths are limited to 108 bytes: keep the engine's root short.
    PrivateEngine engine = new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"));
    try (engine) {
      Docker docker = engine.start().withTestImage().docker();
      docker.run("swarm", "init", "--advertise-addr", "127.0.0.1");
      try (ReactorProcess reactor =
          ReactorProcess.start(
              recorders.bin(),
              dir.resolve("reactor.log"),
              "run",
              "-c",
              rules.toString(),
              "--docker-host",
              docker.host())) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        String service = prefix + "-svc";
        docker.run(
            "service",
            "create",
            "--detach",
            "--name",
            service,
            "reactor-test/busybox",
            "sleep",
            "300");
        docker.run("service", "update", "--detach", "--env-add", "X=1", service);
        docker.run("service", "rm", service);
        docker.run(
            "secret",
            "create",
            prefix + "-secret",
            Files.writeString(dir.resolve("s"), "s").toString());
        docker.run("secret", "rm", prefix + "-secret");
        docker.run("config", "create", prefix + "-config", dir.resolve("s").toString());
        docker.run("config", "rm", prefix + "-config");
        docker.run(
            "node",
            "update",
            "--label-add",
            prefix + "=1",
            docker.run("info", "--format", "{{.Swarm.NodeID}}"));

        List<String> expected =
            List.of(
                "swarm service create " + service,
                "swarm service update " + service,
                "swarm service remove " + service,
                "swarm secret create " + prefix + "-secret",
                "swarm secret remove " + prefix + "-secret",
                "swarm config create " + prefix + "-config",
                "swarm config remove " + prefix + "-config",
                "swarm node update");
        reactor.await(() -> lines(acted).containsAll(expected), WAIT, "the swarm events");
        assertThat(lines(acted)).allMatch(l -> l.startsWith("swarm "));
      } finally {
        awaitNoContainers(docker);
        docker.quietly("swarm", "leave", "--force");
      }
    } finally {
      engine.stop();
      if (!bridgeWasThere && Files.exists(GATEWAY_BRIDGE)) {
        new ProcessBuilder("ip", "link", "del", "docker_gwbridge").start().waitFor();
      }
    }
  }

  /**
   * The service's tasks are containers: gone before the engine stops, or their shims outlive it.
   */
  private static void awaitNoContainers(Docker docker) throws InterruptedException {
    for (int i = 0; i < 300 && !docker.run("ps", "-aq").isEmpty(); i++) {
      Thread.sleep(100);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
