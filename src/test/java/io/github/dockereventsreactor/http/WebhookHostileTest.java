package io.github.dockereventsreactor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Redirects;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Webhooks against servers that try to take them elsewhere or hold them: a configured server on
 * 127.0.0.1 that redirects or answers without end, and another that must receive nothing.
 */
@Timeout(30)
class WebhookHostileTest {

  private static final Map<String, String> SECRET = Map.of("Authorization", "Bearer s3cret");

  private HttpServer server;
  private HttpServer elsewhere;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> leaked = new CopyOnWriteArrayList<>();
  private final CountDownLatch abandoned = new CountDownLatch(1);
  private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
  private final WebhookExecutor executor =
      new WebhookExecutor(
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build());

  @BeforeEach
  void start() throws IOException {
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext("/", exchange -> record(exchange, leaked, 200));
    elsewhere.start();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", exchange -> record(exchange, received, 200));
    server.createContext("/away307", exchange -> redirect(exchange, 307, other("/stolen")));
    server.createContext("/away302", exchange -> redirect(exchange, 302, other("/stolen")));
    server.createContext("/here307", exchange -> redirect(exchange, 307, "/ok"));
    server.createContext("/here303", exchange -> redirect(exchange, 303, "/ok"));
    server.createContext("/loop", exchange -> redirect(exchange, 302, "/loop"));
    server.createContext("/endless", exchange -> endless(exchange, 200));
    server.createContext("/endless-error", exchange -> endless(exchange, 500));
    server.createContext("/trickle", this::trickle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    drip.shutdownNow();
    server.stop(0);
    elsewhere.stop(0);
  }

  private static void record(HttpExchange exchange, List<String> into, int status)
      throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    into.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getRawPath()
            + " "
            + exchange.getRequestHeaders().getFirst("Authorization")
            + " "
            + body);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static void redirect(HttpExchange exchange, int status, String location)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** A body without end: 8 KiB at a time until the client goes away. */
  private void endless(HttpExchange exchange, int status) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, 0);
    byte[] chunk = ("the first line\n" + "x".repeat(8 * 1024)).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = exchange.getResponseBody()) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException e) {
      abandoned.countDown();
    }
  }

  /**
   * A body that never ends and never stalls for long: a byte every 50 ms, so no wait for one read
   * lasts long enough to end the request, only a deadline on the whole of it.
   */
  private void trickle(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    AtomicReference<Future<?>> dripping = new AtomicReference<>();
    dripping.set(
        drip.scheduleAtFixedRate(
            () -> {
              try {
                out.write('x');
                out.flush();
              } catch (IOException e) {
                abandoned.countDown();
                exchange.close();
                dripping.get().cancel(false);
              }
            },
            0,
            50,
            TimeUnit.MILLISECONDS));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private String other(String path) {
    return "http://127.0.0.1:" + elsewhere.getAddress().getPort() + path;
  }

  private Outcome send(String path, Redirects redirects, Duration timeout) throws Exception {
    return executor.send(
        rule(),
        event("web-1"),
        new Prepared.Request(url(path), "POST", SECRET, "{\"event\":1}", timeout, 0, redirects));
  }

  private static Rule rule() throws Exception {
    return RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n").rules().get(0);
  }

  private static DockerEvent event(String name) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\",\"Attributes\":"
            + "{\"name\":\""
            + name
            + "\"}},\"time\":1}");
  }

  @Test
  void aRedirectIsAFailedDeliveryWithItsLocationAndTheOtherServerReceivesNothing()
      throws Exception {
    for (String path : List.of("/away307", "/away302")) {
      Outcome outcome = send(path, Redirects.NEVER, Duration.ofSeconds(5));

      String status = path.substring(5);
      assertThat(outcome)
          .isEqualTo(
              new Outcome.Undelivered(
                  "HTTP "
                      + status
                      + " from "
                      + url(path)
                      + " redirects to "
                      + other("/stolen")
                      + ", not followed (follow_redirects: same-origin allows one to the same"
                      + " scheme, host and port)",
                  1));
    }
    assertThat(leaked).isEmpty();
  }

  @Test
  void sameOriginFollowsNoRedirectToAnotherPort() throws Exception {
    Outcome outcome = send("/away307", Redirects.SAME_ORIGIN, Duration.ofSeconds(5));

    assertThat(((Outcome.Undelivered) outcome).reason())
        .endsWith("redirects to " + other("/stolen") + ", not followed: another origin");
    assertThat(leaked).isEmpty();
  }

  @Test
  void sameOriginFollowsARedirectOnTheSameServer() throws Exception {
    assertThat(send("/here307", Redirects.SAME_ORIGIN, Duration.ofSeconds(5)))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(send("/here303", Redirects.SAME_ORIGIN, Duration.ofSeconds(5)))
        .isInstanceOf(Outcome.Delivered.class);

    assertThat(received)
        .containsExactly("POST /ok Bearer s3cret {\"event\":1}", "GET /ok Bearer s3cret ");
  }

  @Test
  void aRedirectLoopEndsAfterFiveHops() throws Exception {
    assertThat(
            ((Outcome.Undelivered) send("/loop", Redirects.SAME_ORIGIN, Duration.ofSeconds(5)))
                .reason())
        .endsWith("not followed: more than 5 redirects");
  }

  @Test
  void anEndlessBodyIsReadTo64KibAndTheConnectionAbandoned() throws Exception {
    assertThat(send("/endless", Redirects.NEVER, Duration.ofSeconds(10)))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(abandoned.await(10, TimeUnit.SECONDS))
        .as("the server saw the client leave")
        .isTrue();
  }

  @Test
  void anEndlessErrorBodyGivesItsFirstLineToTheLog() throws Exception {
    assertThat(send("/endless-error", Redirects.NEVER, Duration.ofSeconds(10)))
        .isEqualTo(
            new Outcome.Undelivered(
                "HTTP 500 from " + url("/endless-error") + ": the first line (1 attempts)", 1));
  }

  @Test
  void theTimeoutCoversTheBody() throws Exception {
    assertThat(send("/trickle", Redirects.NEVER, Duration.ofMillis(500)))
        .isEqualTo(
            new Outcome.Undelivered("no answer from " + url("/trickle") + " within 500 ms", 1));
  }

  @Test
  void aHostileNameReachesTheIntendedPathPercentEncoded() throws Exception {
    Rule rule =
        RulesLoader.parse(
                "r.yml",
                "events_reactor:\n  r:\n    webhook:\n      url: \""
                    + url("/ok/docker/%%actor.name%%")
                    + "?from=%%actor.name%%\"\n")
            .rules()
            .get(0);
    DockerEvent event = event("p/../../admin?token=x#frag");
    Prepared prepared =
        rule.actions().get(0).prepare(new EventContext(event, ContainerFacts.none("-")));

    assertThat(executor.send(rule, event, (Prepared.Request) prepared))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(received)
        .containsExactly(
            "POST /ok/docker/p%2F..%2F..%2Fadmin%3Ftoken%3Dx%23frag null " + event.json());
  }

  @Test
  void aLineBreakInAHeaderValueIsASkipWithItsReason() throws Exception {
    Rule rule =
        RulesLoader.parse(
                "r.yml",
                "events_reactor:\n  r:\n    webhook:\n      url: \""
                    + url("/ok")
                    + "\"\n      headers: {X-Name: \"%%actor.name%%\"}\n")
            .rules()
            .get(0);

    assertThat(
            rule.actions()
                .get(0)
                .prepare(new EventContext(event("a\\r\\nX-Admin: 1"), ContainerFacts.none("-"))))
        .isEqualTo(
            new Prepared.Skipped(
                "header X-Name: the value holds a line break (CR or LF), which would end the header"
                    + " and could add others"));
  }

  @Test
  void aPlaceholderInTheHostOrPortIsALoadErrorWithItsLineAndColumn() {
    InvalidRulesException e =
        catchThrowableOfType(
            InvalidRulesException.class,
            () ->
                RulesLoader.parse(
                    "r.yml",
                    """
                    events_reactor:
                      r:
                        webhook:
                          url: "http://127.0.0.1:18086%%actor.name%%"
                    """));

    assertThat(e.problems())
        .extracting(Object::toString)
        .containsExactly(
            "r.yml:4:35: rule \"r\": a placeholder in a webhook url may not be in the scheme, host"
                + " or port: %%actor.name%% could send the request anywhere (placeholders go in the"
                + " path or the query, where they are percent-encoded)");
  }
}
