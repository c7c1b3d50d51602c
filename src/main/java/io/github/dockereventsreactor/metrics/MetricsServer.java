package io.github.dockereventsreactor.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text or OpenMetrics, as the scraper asks), {@code /healthz} (the
 * process is alive) and {@code /readyz} (rules loaded and the event stream connected; the body says
 * why not) on one listener.
 *
 * <p>The JDK's server gives each request a thread from its first byte until its headers are read,
 * with no deadline by default, and Prometheus' default pool holds ten: a few clients sending their
 * headers slowly would starve every scrape. Here a request must be read within 5 s and answered
 * within 10 s (the server closes it otherwise), and up to 100 requests are served at once, on
 * threads made when needed and gone after 30 s idle.
 */
public final class MetricsServer implements AutoCloseable {

  private static final int THREADS = 100;

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** {@code listen}: {@code PORT} (loopback), {@code HOST:PORT} or {@code [V6]:PORT}. */
  public static MetricsServer start(String listen, ReactorMetrics metrics) throws IOException {
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "metrics listen \""
              + listen
              + "\": expected PORT or HOST:PORT, as 9323 or 127.0.0.1:9323");
    }
    Supplier<Optional<String>> notReady = metrics::notReady;
    limitSlowClients();
    ThreadPoolExecutor threads =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "metrics-http");
              thread.setDaemon(true);
              return thread;
            });
    threads.allowCoreThreadTimeOut(true);
    HTTPServer server =
        HTTPServer.builder()
            .hostname(host)
            .port(port)
            .executorService(threads)
            .registry(metrics.registry())
            .defaultHandler(exchange -> health(exchange, notReady))
            .buildAndStart();
    return new MetricsServer(server);
  }

  /**
   * The JDK server's deadlines, read once when its first server starts; in seconds. An operator's
   * own {@code -D} values stay.
   */
  private static void limitSlowClients() {
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "5");
    System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "10");
    System.getProperties().putIfAbsent("sun.net.httpserver.idleInterval", "30");
  }

  public int port() {
    return server.getPort();
  }

  private static void health(HttpExchange exchange, Supplier<Optional<String>> notReady)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/healthz")) {
      answer(exchange, 200, "ok\n");
    } else if (path.equals("/readyz")) {
      Optional<String> reason = notReady.get();
      answer(
          exchange,
          reason.isEmpty() ? 200 : 503,
          reason.map(r -> "not ready: " + r + "\n").orElse("ready\n"));
    } else {
      answer(exchange, 404, "not found: try /metrics, /healthz or /readyz\n");
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
