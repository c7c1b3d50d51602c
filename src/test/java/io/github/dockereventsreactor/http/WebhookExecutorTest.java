package io.github.dockereventsreactor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Redirects;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real HTTP server on 127.0.0.1 (the JDK's), and the JDK's client. */
class WebhookExecutorTest {

  private HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);
  private final WebhookExecutor executor =
      new WebhookExecutor(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", exchange -> record(exchange, 204));
    server.createContext(
        "/flaky", exchange -> record(exchange, calls.incrementAndGet() == 1 ? 500 : 200));
    server.createContext("/down", exchange -> record(exchange, 503));
    server.createContext("/missing", exchange -> record(exchange, 404));
    server.createContext(
        "/silent",
        exchange -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    never.countDown();
    server.stop(0);
  }

  private void record(HttpExchange exchange, int status) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " "
            + exchange.getRequestHeaders().getFirst("X-Container")
            + " "
            + exchange.getRequestHeaders().getFirst("Content-Type")
            + " "
            + body);
    exchange.sendResponseHeaders(status, -1);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private Outcome send(String path, int retries, Duration timeout) throws Exception {
    Rule rule = RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n").rules().get(0);
    return executor.send(
        rule,
        EventJson.parse("{\"Type\":\"volume\",\"Action\":\"create\"}"),
        new Prepared.Request(
            url(path),
            "PUT",
            Map.of("X-Container", "web-1"),
            "{\"a\":1}",
            timeout,
            retries,
            Redirects.NEVER));
  }

  @Test
  void sendsTheMethodHeadersAndBodyAsGiven() throws Exception {
    Outcome outcome = send("/ok", 3, Duration.ofSeconds(5));

    assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
    assertThat(((Outcome.Delivered) outcome).status()).isEqualTo(204);
    assertThat(received).containsExactly("PUT /ok web-1 application/json {\"a\":1}");
  }

  @Test
  void aServerErrorIsRetriedUntilItSucceeds() throws Exception {
    Outcome outcome = send("/flaky", 3, Duration.ofSeconds(5));

    assertThat(((Outcome.Delivered) outcome).attempts()).isEqualTo(2);
    assertThat(received).hasSize(2);
  }

  @Test
  void aServerThatKeepsFailingIsGivenUpAfterTheRetries() throws Exception {
    Outcome outcome = send("/down", 2, Duration.ofSeconds(5));

    assertThat(outcome)
        .isEqualTo(new Outcome.Undelivered("HTTP 503 from " + url("/down") + " (3 attempts)", 3));
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    assertThat(send("/missing", 3, Duration.ofSeconds(5)))
        .isEqualTo(new Outcome.Undelivered("HTTP 404 from " + url("/missing"), 1));
  }

  @Test
  void aServerThatNeverAnswersHitsTheTimeout() throws Exception {
    assertThat(send("/silent", 3, Duration.ofMillis(300)))
        .isEqualTo(
            new Outcome.Undelivered("no answer from " + url("/silent") + " within 300 ms", 1));
  }

  @Test
  void aServerThatIsNotThereIsRetriedThenReported() throws Exception {
    server.stop(0);

    Outcome outcome = send("/ok", 1, Duration.ofSeconds(2));

    assertThat(((Outcome.Undelivered) outcome).reason()).startsWith("cannot reach " + url("/ok"));
    assertThat(((Outcome.Undelivered) outcome).attempts()).isEqualTo(2);
  }
}
