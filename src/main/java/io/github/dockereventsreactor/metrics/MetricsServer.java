package io.github.dockereventsreactor.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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

  /**
   * The address {@code listen} names: {@code PORT} (loopback), {@code HOST:PORT} or {@code
   * [V6]:PORT}, its host resolved; what {@code check} judges and {@link #start} binds.
   *
   * @throws IllegalArgumentException naming {@code listen} and what is wrong with it, for the
   *     caller to say which option it came from
   */
  public static InetSocketAddress address(String listen) {
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + listen + "\": expected PORT or HOST:PORT, as 9323 or 127.0.0.1:9323");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "\"" + listen + "\": port " + port + " is not between 0 and 65535");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "\""
              + listen
              + "\": no address for the host \""
              + host
              + "\" (give an IP address, or a name this machine resolves)");
    }
    return address;
  }

  /**
   * Serves the metrics on {@code listen} (see {@link #address}).
   *
   * @throws IOException naming the address when it cannot be bound (in use, not this machine's)
   */
  public static MetricsServer start(String listen, ReactorMetrics metrics) throws IOException {
    InetSocketAddress address = address(listen);
    Supplier<Optional<String>> notReady = metrics.readiness()::notReady;
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
    try {
      return new MetricsServer(
          HTTPServer.builder()
              .hostname(address.getAddress().getHostAddress())
              .port(address.getPort())
              .executorService(threads)
              .registry(metrics.registry())
              .authenticator(new ExactGets())
              .defaultHandler(exchange -> health(exchange, notReady))
              .buildAndStart());
    } catch (IOException e) {
      threads.shutdownNow();
      throw new IOException(
          "\""
              + listen
              + "\": cannot listen there: "
              + e.getMessage()
              + " (another program has the port, or the address is not this machine's: choose"
              + " another, or port 0 for any free one)",
          e);
    }
  }

  /**
   * Only GET and HEAD, and only the exact paths served: the JDK server matches a context by prefix
   * ({@code /metricsXYZ} went to {@code /metrics}'s) and hands every method (TRACE, DELETE, …) to
   * its handler. It runs before the handler of every context, which is what an authenticator is for
   * the JDK server; it asks no credentials.
   */
  private static final class ExactGets extends Authenticator {
    @Override
    public Result authenticate(HttpExchange exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        return new Failure(405);
      }
      String context = exchange.getHttpContext().getPath();
      if (!context.equals("/") && !context.equals(exchange.getRequestURI().getPath())) {
        return new Failure(404);
      }
      return new Success(new HttpPrincipal("", "metrics"));
    }
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
