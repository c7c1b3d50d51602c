package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.it.Recorders.Call;
import java.net.http.HttpResponse;
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
 * One reactor reading the real Docker engine and the real Podman at once; Podman through a relay
 * the test closes and opens again, as a Podman service that goes away and comes back.
 */
class MultiEngineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final Podman podman = new Podman();
  private final String prefix = "mei" + Long.toHexString(System.nanoTime());
  private final List<String> dockerContainers = new ArrayList<>();
  private final List<String> podmanContainers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    dockerContainers.forEach(c -> docker.quietly("rm", "-f", c));
    podmanContainers.forEach(c -> podman.quietly("rm", "-f", "-t", "0", c));
  }

  private Path rules(Path relay) throws Exception {
    String mine = "actor: {name: {glob: '" + prefix + "-*'}}";
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Docker starts:\n"
            + "    engine: docker\n"
            + "    event: {type: container, action: start, "
            + mine
            + "}\n"
            + "    run: [recorder, docker-only, '%%engine%%', '%%actor.name%%']\n"
            // Written for Docker's destroy: Podman's remove must match it, on Podman's part only.
            + "  Podman removals:\n"
            + "    engine: podman\n"
            + "    event: {type: container, action: destroy, "
            + mine
            + "}\n"
            + "    run: [recorder, podman-only, '%%engine%%', '%%actor.name%%', '%%action%%']\n"
            + "  Every start:\n"
            + "    event: {type: container, action: start, "
            + mine
            + "}\n"
            + "    run: [recorder, both, '%%engine%%', '%%actor.name%%']\n"
            + "reactor:\n"
            + "  state_file: "
            + dir.resolve("state.json")
            + "\n"
            + "  engines:\n"
            + "    - {name: docker, host: '"
            + docker.host()
            + "'}\n"
            + "    - {name: podman, host: 'unix://"
            + relay
            + "'}\n");
    return rules;
  }

  private void dockerContainer(String name) {
    dockerContainers.add(name);
    docker.run("run", "-d", "--name", name, "reactor-test/busybox", "sleep", "300");
  }

  /** A Podman container started and removed, through Podman's own socket (not the relay). */
  private void podmanStartedAndRemoved(String name) {
    podmanContainers.add(name);
    podman.run("run", "-d", "--name", name, "reactor-test/busybox", "sleep", "300");
    podman.run("rm", "-f", "-t", "0", name);
  }

  private static List<List<String>> calls(Recorders recorders) {
    try {
      return recorders.calls("recorder").stream().map(Call::args).collect(Collectors.toList());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long count(Recorders recorders, String... args) {
    return calls(recorders).stream().filter(List.of(args)::equals).count();
  }

  @Test
  void eachEngineIsReadOnItsOwnAndOneDownNeitherDelaysTheOtherNorLosesItsEvents() throws Exception {
    Recorders recorders = new Recorders(dir).add("recorder");
    Path relayPath = dir.resolve("podman.sock");
    SocketRelay relay = new SocketRelay(relayPath, Podman.SOCKET);
    String d1 = prefix + "-d1";
    String d2 = prefix + "-d2";
    String p1 = prefix + "-p1";
    String p2 = prefix + "-p2";
    try (ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(),
            dir.resolve("reactor.log"),
            "run",
            "-c",
            rules(relayPath).toString(),
            "--metrics-listen",
            "0")) {
      reactor.awaitLog("connected to the Docker engine at " + docker.host(), WAIT);
      reactor.awaitLog("connected to the Docker engine at unix://" + relayPath, WAIT);
      reactor.awaitLog("is Podman", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));

      dockerContainer(d1);
      podmanStartedAndRemoved(p1);
      reactor.await(
          () ->
              count(recorders, "docker-only", "docker", d1) == 1
                  && count(recorders, "both", "docker", d1) == 1
                  && count(recorders, "both", "podman", p1) == 1
                  && count(recorders, "podman-only", "podman", p1, "remove") == 1,
          WAIT,
          "each engine's rules and the catch-all on both");
      assertThat(scrape.get("/readyz", null).statusCode()).isEqualTo(200);

      // Podman's connection cut: the reactor cannot reach it until the relay is back.
      relay.close();
      reactor.await(() -> notReady(scrape).contains("engine \"podman\""), WAIT, "podman down");
      assertThat(notReady(scrape)).doesNotContain("engine \"docker\"");
      podmanStartedAndRemoved(p2);
      dockerContainer(d2);
      reactor.await(
          () ->
              count(recorders, "docker-only", "docker", d2) == 1
                  && count(recorders, "both", "docker", d2) == 1,
          WAIT,
          "Docker's events while Podman is down");
      assertThat(calls(recorders)).noneMatch(c -> c.contains(p2));

      relay = new SocketRelay(relayPath, Podman.SOCKET);
      reactor.await(
          () ->
              count(recorders, "both", "podman", p2) == 1
                  && count(recorders, "podman-only", "podman", p2, "remove") == 1,
          WAIT,
          "Podman's missed events once it is back");
      reactor.await(() -> notReady(scrape).isEmpty(), WAIT, "ready again on both");
      // Exactly once: nothing from before the cut again, nothing missed twice.
      assertThat(count(recorders, "both", "podman", p1)).isEqualTo(1);
      assertThat(count(recorders, "podman-only", "podman", p1, "remove")).isEqualTo(1);
      assertThat(count(recorders, "both", "podman", p2)).isEqualTo(1);
      assertThat(calls(recorders)).noneMatch(c -> c.get(0).equals("docker-only") && c.contains(p2));
      assertThat(calls(recorders))
          .noneMatch(c -> c.get(0).equals("podman-only") && c.get(1).equals("docker"));
      assertThat(
              scrape.sum(scrape.samples(), "reactor_stream_reconnects_total", "engine=\"podman\""))
          .isEqualTo(1.0);

      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    } finally {
      relay.close();
    }
    // One state file, each engine's position under its name.
    JsonNode state = JSON.readTree(Files.readString(dir.resolve("state.json")));
    assertThat(state.path("engines").has("docker")).isTrue();
    assertThat(state.path("engines").has("podman")).isTrue();
    assertThat(dir.resolve("state.json.journal/docker")).isDirectory();
    assertThat(dir.resolve("state.json.journal/podman")).isDirectory();
  }

  /**
   * A Podman removal still pending when the reactor stopped (its command killed at the stop) is run
   * at the next start from the journal, in Podman's dialect: {@code %%docker.action%%} is Docker's
   * word for it, as it was when read from the stream.
   */
  @Test
  void aPendingPodmanEventFromTheJournalIsReadInPodmansDialect() throws Exception {
    Path fast = dir.resolve("fast");
    Recorders recorders =
        new Recorders(dir)
            .add("recorder")
            .script("slow", "recorder \"$@\"; [ -e '" + fast + "' ] || exec sleep 60\n");
    String p3 = prefix + "-p3";
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Podman removals:\n"
            + "    engine: podman\n"
            + "    event: {type: container, action: destroy, actor: {name: "
            + p3
            + "}}\n"
            + "    run: [slow, '%%engine%%', '%%action%%', '%%docker.action%%']\n"
            + "reactor:\n"
            + "  state_file: "
            + dir.resolve("state.json")
            + "\n"
            + "  engines:\n"
            + "    - {name: docker, host: '"
            + docker.host()
            + "'}\n"
            + "    - {name: podman, host: '"
            + podman.host()
            + "'}\n");
    String[] args = {"run", "-c", rules.toString(), "--shutdown-timeout", "1s"};
    try (ReactorProcess reactor =
        ReactorProcess.start(recorders.bin(), dir.resolve("first.log"), args)) {
      reactor.awaitLog("is Podman", WAIT);
      podmanStartedAndRemoved(p3);
      reactor.await(() -> calls(recorders).size() == 1, WAIT, "the removal's command started");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
    Files.createFile(fast);
    try (ReactorProcess reactor =
        ReactorProcess.start(recorders.bin(), dir.resolve("second.log"), args)) {
      reactor.await(() -> calls(recorders).size() == 2, WAIT, "the pending removal run again");
      assertThat(reactor.log()).contains("1 events pending from before this start");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
    assertThat(calls(recorders))
        .containsExactly(
            List.of("podman", "remove", "destroy"), List.of("podman", "remove", "destroy"));
  }

  private static String notReady(Scrape scrape) {
    try {
      HttpResponse<String> response = scrape.get("/readyz", null);
      return response.statusCode() == 503 ? response.body() : "";
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
