package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Salt examples without a process per event, on a real container's lifecycle: the reactor's
 * requests reach a local server that answers as the minion's webhook engine and as salt-api's
 * {@code /hook} do, and refuses what they would refuse.
 */
class SaltEndpointsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "d41d8cd98f00b204e9800998ecf8427e";

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String name = "salt" + Long.toHexString(System.nanoTime());
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** A request as Salt's endpoint saw it. */
  private record Received(String path, com.sun.net.httpserver.Headers headers, JsonNode event) {}

  @AfterEach
  void cleanUp() {
    docker.quietly("rm", "-f", name);
    if (server != null) {
      server.stop(0);
    }
  }

  /** The webhook engine: POST to any path; salt-api: POST /hook/… with the token, JSON. */
  private int serve(boolean saltApi) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String problem = problem(exchange, saltApi);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (problem != null) {
              refused.add(problem);
              exchange.sendResponseHeaders(problem.startsWith("401") ? 401 : 405, -1);
              return;
            }
            JsonNode event = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            received.add(
                new Received(
                    exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders(), event));
            byte[] answer =
                saltApi ? "{\"success\": true}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  private static String problem(HttpExchange exchange, boolean saltApi) {
    if (!exchange.getRequestMethod().equals("POST")) {
      return "405 " + exchange.getRequestMethod();
    }
    if (saltApi && !exchange.getRequestURI().getRawPath().startsWith("/hook/")) {
      return "405 " + exchange.getRequestURI();
    }
    if (saltApi && !TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
      return "401 no token";
    }
    return null;
  }

  private ReactorProcess reactor(String example, String from, String to) throws Exception {
    String rules =
        Files.readString(Path.of("examples/salt", example))
            .replace(from, to)
            .replace("replace-with-a-salt-api-token", TOKEN);
    Path file = Files.writeString(dir.resolve(example), rules);
    ReactorProcess reactor =
        ReactorProcess.start(
            new Recorders(dir).bin(), dir.resolve("reactor.log"), "run", "-c", file.toString());
    reactor.awaitLog("connected to the Docker engine", WAIT);
    return reactor;
  }

  /** A container's whole life: create, start, kill, die, stop, destroy. */
  private void lifecycle() {
    docker.run("run", "-d", "--name", name, "reactor-test/busybox", "sleep", "300");
    docker.run("stop", "-t", "1", name);
    docker.run("rm", name);
  }

  private List<Received> ours() {
    return received.stream()
        .filter(r -> r.event().path("Actor").path("Attributes").path("name").asText().equals(name))
        .toList();
  }

  @Test
  void theMinionWebhookEngineGetsEachLifecycleEventUnderItsTag() throws Exception {
    int port = serve(false);
    try (ReactorProcess reactor =
        reactor("forward-minion-webhook.yml", "127.0.0.1:5000", "127.0.0.1:" + port)) {
      lifecycle();
      reactor.await(
          () -> ours().stream().anyMatch(r -> r.path().endsWith("/destroy")),
          WAIT,
          "the destroy hook");
      List<String> paths = ours().stream().map(Received::path).toList();
      assertThat(paths)
          .contains(
              "/docker/container/create",
              "/docker/container/start",
              "/docker/container/kill",
              "/docker/container/die",
              "/docker/container/stop",
              "/docker/container/destroy");
      for (Received r : ours()) {
        // The engine fires salt/engines/hook/<path> with the body as text: the SLS parses it.
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(r.headers().getFirst("Idempotency-Key")).matches("[0-9a-f]{32}");
        assertThat(r.path()).isEqualTo("/docker/container/" + r.event().path("Action").asText());
      }
      assertThat(refused).isEmpty();
    }
  }

  @Test
  void saltApiHookGetsTheEventWithItsTokenUnderTheHostsTag() throws Exception {
    int port = serve(true);
    String host = docker.run("info", "--format", "{{.Name}}");
    try (ReactorProcess reactor =
        reactor(
            "forward-salt-api.yml", "https://salt.example.com:8000", "http://127.0.0.1:" + port)) {
      lifecycle();
      reactor.await(
          () -> ours().stream().anyMatch(r -> r.path().endsWith("/destroy")),
          WAIT,
          "the destroy hook");
      assertThat(ours().stream().map(Received::path))
          .contains("/hook/docker/" + host + "/die", "/hook/docker/" + host + "/stop");
      for (Received r : ours()) {
        assertThat(r.headers().getFirst("X-Auth-Token")).isEqualTo(TOKEN);
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(r.event().path("Type").asText()).isEqualTo("container");
      }
      assertThat(refused).isEmpty();
    }
  }

  @Test
  void batchedSaltCallCarriesABurstInAFewCallsEachEventOnceInOrder() throws Exception {
    Path calls = dir.resolve("salt-calls");
    // salt-call as slow as the real one is at its fastest; one line per call: its event data.
    Recorders recorders =
        new Recorders(dir)
            .script("sudo", "exec \"$@\"\n")
            .script("salt-call", "sleep 1\nprintf '%s\\n' \"$2 $3\" >> '" + calls + "'\n");
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(), dir.resolve("reactor.log"), "run", "-c", "examples/salt-forward.yml");
    try (reactor;
        EventLoad load = new EventLoad(docker.host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      List<String> volumes = load.volumes(name, 60, 0);
      List<String> expected = new ArrayList<>();
      volumes.forEach(v -> expected.addAll(List.of("create " + v, "destroy " + v)));
      reactor.await(
          () -> forwarded(calls).size() >= expected.size(), WAIT, "all 120 events forwarded");

      assertThat(forwarded(calls)).isEqualTo(expected);
      long ourCalls =
          Files.readAllLines(calls).stream()
              .filter(line -> line.contains("\"" + name + "-"))
              .count();
      assertThat(ourCalls).isLessThan(expected.size() / 4);
      assertThat(Files.readAllLines(calls))
          .allMatch(line -> line.startsWith("docker/batch {\"events\": ["));
      System.out.println(
          "batch: 120 events of a burst forwarded by " + ourCalls + " salt-calls of 1 s");
    }
  }

  /** Our volumes' events in the order the salt-calls carried them. */
  private List<String> forwarded(Path calls) {
    List<String> events = new ArrayList<>();
    try {
      if (!Files.exists(calls)) {
        return events;
      }
      for (String line : Files.readAllLines(calls)) {
        JsonNode data = JSON.readTree(line.substring(line.indexOf(' ') + 1));
        for (JsonNode event : data.path("events")) {
          String id = event.path("Actor").path("ID").asText();
          if (event.path("Type").asText().equals("volume") && id.startsWith(name + "-")) {
            events.add(event.path("Action").asText() + " " + id);
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return events;
  }

  @Test
  void theExamplesLoad() throws Exception {
    List<String> problems = new ArrayList<>();
    try (var files = Files.list(Path.of("examples/salt"))) {
      for (Path file :
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.startsWith("forward-") && !f.endsWith(".test.yml"))
              .map(f -> Path.of("examples/salt", f))
              .toList()) {
        Process check =
            new ProcessBuilder(
                    "java", "-jar", ReactorProcess.JAR.toString(), "check", "-c", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
          problems.add(file + ": " + out);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
