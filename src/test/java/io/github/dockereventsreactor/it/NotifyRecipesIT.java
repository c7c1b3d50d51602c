package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification recipes of examples/notify/, as shipped (only each URL's server moved to a
 * loopback one), run by the built daemon against the real engine: a container whose compose label
 * tries to close the JSON string and add a field is started, and each service's request is checked
 * against the shape the service documents, the label arriving as the message's text only.
 */
class NotifyRecipesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String HOSTILE = "\", \"channel\": \"#general";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the server saw it. */
  private record Request(
      String method, String path, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse("");
    }
  }

  /** Each recipe, its service's documented shape, and the text that must carry the label. */
  private static final Map<String, BiConsumer<Request, String>> SHAPES =
      Map.of(
          "slack",
          (r, name) -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(fields(r.body())).containsExactly("text");
            assertThat(r.body().get("text").asText()).contains("*" + name + "*", HOSTILE);
          },
          "discord",
          (r, name) -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(fields(r.body())).containsExactlyInAnyOrder("username", "content");
            assertThat(r.body().get("content").asText())
                .contains(HOSTILE)
                .hasSizeLessThanOrEqualTo(2000);
          },
          "mattermost",
          (r, name) -> {
            assertThat(fields(r.body())).containsExactlyInAnyOrder("username", "text");
            assertThat(r.body().get("text").asText()).contains("**" + name + "**", HOSTILE);
          },
          "ntfy",
          (r, name) -> {
            assertThat(r.path()).isEqualTo("/ntfy/");
            assertThat(fields(r.body()))
                .containsExactlyInAnyOrder("topic", "title", "message", "tags", "priority");
            assertThat(r.body().get("topic").asText()).matches("[-_A-Za-z0-9]{1,64}");
            assertThat(r.body().get("priority").isInt()).isTrue();
            assertThat(r.body().get("priority").asInt()).isBetween(1, 5);
            assertThat(r.body().get("tags").isArray()).isTrue();
            assertThat(r.body().get("message").asText()).contains(HOSTILE);
          },
          "gotify",
          (r, name) -> {
            assertThat(r.path()).isEqualTo("/gotify/message");
            assertThat(r.header("X-Gotify-Key")).isNotEmpty();
            assertThat(fields(r.body())).containsExactlyInAnyOrder("title", "message", "priority");
            assertThat(r.body().get("priority").isInt()).isTrue();
            assertThat(r.body().get("message").asText()).contains(HOSTILE);
          },
          "matrix",
          (r, name) -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path())
                .matches(
                    "/matrix/_matrix/client/v3/rooms/![^/]+:[^/]+/send/m\\.room\\.message/[0-9a-f]{32}");
            assertThat(r.header("Authorization")).startsWith("Bearer ");
            assertThat(fields(r.body())).containsExactlyInAnyOrder("msgtype", "body");
            assertThat(r.body().get("msgtype").asText()).isEqualTo("m.text");
            assertThat(r.body().get("body").asText()).contains(HOSTILE);
          },
          "teams",
          (r, name) -> {
            assertThat(fields(r.body())).containsExactlyInAnyOrder("type", "attachments");
            assertThat(r.body().get("type").asText()).isEqualTo("message");
            JsonNode attachment = r.body().get("attachments").get(0);
            assertThat(attachment.get("contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
            JsonNode card = attachment.get("content");
            assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
            assertThat(card.get("body"))
                .allSatisfy(
                    block -> {
                      assertThat(block.get("type").asText()).isEqualTo("TextBlock");
                      assertThat(block.get("text").isTextual()).isTrue();
                    });
            assertThat(card.get("body").get(1).get("text").asText()).contains(HOSTILE);
          });

  @TempDir Path dir;

  private static List<String> fields(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void eachRecipePostsItsServicesShapeWithAHostileLabelKeptInTheText() throws Exception {
    String name = "reactor-notify-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Request> received = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(SHAPES.size());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = exchange.getRequestURI().getRawPath();
          String service = path.split("/")[1];
          // Other engineers' containers come through the same engine: only ours counts.
          if (body.contains(name)
              && received.putIfAbsent(
                      service,
                      new Request(
                          exchange.getRequestMethod(),
                          path,
                          exchange.getRequestHeaders(),
                          JSON.readTree(body)))
                  == null) {
            all.countDown();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    StringBuilder rules = new StringBuilder("events_reactor:\n");
    for (String service : SHAPES.keySet()) {
      String recipe = Files.readString(Path.of("examples/notify/" + service + ".yml"));
      assertThat(recipe).contains("Content-Type: application/json");
      rules.append(
          recipe
              .substring(recipe.indexOf("events_reactor:\n") + "events_reactor:\n".length())
              .replaceFirst(
                  "url: \"https://[^/\"]+",
                  "url: \"http://127.0.0.1:" + server.getAddress().getPort() + "/" + service));
    }
    Path file = Files.writeString(dir.resolve("notify.yml"), rules.toString());
    Docker docker = Docker.local();
    try (ReactorProcess reactor =
        ReactorProcess.start(dir, dir.resolve("reactor.log"), "run", "-c", file.toString())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      docker.run(
          "run",
          "-d",
          "--name",
          name,
          "--label",
          "com.docker.compose.project=" + HOSTILE,
          "reactor-test/busybox:latest",
          "sleep",
          "30");
      if (!all.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(
            "requests came for " + received.keySet() + " only; log:\n" + reactor.log());
      }
    } finally {
      docker.quietly("rm", "-f", name);
      server.stop(0);
    }
    SHAPES.forEach(
        (service, shape) -> {
          Request request = received.get(service);
          assertThat(request.header("Content-Type")).as(service).isEqualTo("application/json");
          shape.accept(request, name);
        });
  }
}
