package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reactor behind a filtering socket proxy that allows only GET /_ping, /events, /info,
 * /version, /containers/json and /containers/{id}/json: everything it does still works, and it
 * never asks for anything else.
 */
class SocketProxyIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "spit" + Long.toHexString(System.nanoTime());
  private final List<String> containers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    containers.forEach(c -> docker.quietly("rm", "-f", c));
  }

  @Test
  void theReactorAsksOnlyForWhatTheAllowListGrants() throws Exception {
    Recorders recorders = Recorders.forSeed(dir).add("recorder");
    String sentry = prefix + "-sentry";
    Path rules =
        SeedFile.write(
            dir,
            sentry,
            "  Inspect and host:\n"
                + "    event: {type: container, action: die, actor: {name: "
                + sentry
                + "}}\n"
                + "    run: [recorder, '%%container.Config.Image%%', '%%host%%', '%%killed%%']\n");
    // The extra rule joins events_reactor: the seed's file ends with its last rule.
    AllowList allowList = new AllowList();
    try (EngineProxy proxy = EngineProxy.plain(Path.of("/var/run/docker.sock"), allowList);
        ReactorProcess reactor =
            ReactorProcess.start(
                recorders.bin(),
                dir.resolve("reactor.log"),
                "run",
                "-c",
                rules.toString(),
                "--docker-host",
                proxy.host(),
                "--state-file",
                dir.resolve("state.json").toString(),
                "--ping-interval",
                "1s")) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      containers.add(sentry);
      docker.run("run", "-d", "--name", sentry, "reactor-test/busybox", "sleep", "300");
      docker.run("kill", sentry);
      reactor.await(() -> !calls(recorders).isEmpty(), WAIT, "the die rule");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();

      assertThat(calls(recorders))
          .containsExactly(
              "reactor-test/busybox " + docker.run("info", "--format", "{{.Name}}") + " true");
      assertThat(allowList.refused()).isEmpty();
      assertThat(proxy.requests())
          .anyMatch(r -> r.matches("GET /v[0-9.]+/events.*"))
          .anyMatch(r -> r.matches("GET /v[0-9.]+/containers/json.*"))
          .anyMatch(r -> r.matches("GET /v[0-9.]+/containers/[0-9a-f]+/json"))
          .anyMatch(r -> r.matches("GET /v[0-9.]+/info"))
          .anyMatch(r -> r.startsWith("GET /_ping"));
    }
    assertThat(Files.readString(dir.resolve("reactor.log"))).doesNotContain("forbidden");
  }

  private static List<String> calls(Recorders recorders) {
    try {
      return recorders.calls("recorder").stream().map(c -> String.join(" ", c.args())).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
