package io.github.dockereventsreactor.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * An HTTP relay on 127.0.0.1 (plain, or TLS that demands a client certificate) in front of an
 * engine's Unix socket, as a socket proxy or a remote engine's TCP port looks to the reactor. A
 * {@link Behaviour} may refuse requests and rewrite what the engine answers, to play another engine
 * version; every request is recorded.
 */
final class EngineProxy implements AutoCloseable {

  /** What the relay does besides relaying. */
  interface Behaviour {
    /** A reply instead of the engine's, or empty to relay the request. */
    default Optional<Reply> refuse(String method, String path) {
      return Optional.empty();
    }

    /** The path asked of the engine for the one the client asked for. */
    default String upstream(String path) {
      return path;
    }

    /** The engine's response headers (without framing ones) as the client gets them. */
    default void headers(String path, Map<String, String> headers) {}

    /** One line of the event stream as the client gets it. */
    default String event(String line) {
      return line;
    }

    /** Any other JSON answer as the client gets it. */
    default String body(String path, String json) {
      return json;
    }
  }

  /** A canned answer. */
  record Reply(int status, String json) {}

  static final Behaviour TRANSPARENT = new Behaviour() {};

  private final HttpServer server;
  private final Path engine;
  private final Behaviour behaviour;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> enginesEvents = new CopyOnWriteArrayList<>();
  private final List<String> clientsEvents = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> upstreams = new CopyOnWriteArrayList<>();

  private EngineProxy(HttpServer server, Path engine, Behaviour behaviour) {
    this.server = server;
    this.engine = engine;
    this.behaviour = behaviour;
    server.createContext("/", this::relay);
    server.setExecutor(threads);
    server.start();
  }

  static EngineProxy plain(Path engine, Behaviour behaviour) throws IOException {
    return new EngineProxy(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
        engine,
        behaviour);
  }

  /** A TLS relay that asks every client for a certificate signed by the context's trusted CA. */
  static EngineProxy tls(Path engine, SSLContext context) throws IOException {
    return tls(engine, context, true);
  }

  /** A TLS relay; {@code clientCertificates}: it asks every client for one. */
  static EngineProxy tls(Path engine, SSLContext context, boolean clientCertificates)
      throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters parameters) {
            parameters.setNeedClientAuth(clientCertificates);
          }
        });
    return new EngineProxy(server, engine, TRANSPARENT);
  }

  String host() {
    return "tcp://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, as "METHOD /path?query". */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** Every event line the engine sent through the relay. */
  List<String> enginesEvents() {
    return List.copyOf(enginesEvents);
  }

  /** Every event line the client got, after the behaviour's rewriting. */
  List<String> clientsEvents() {
    return List.copyOf(clientsEvents);
  }

  private void relay(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path =
        exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery());
    requests.add(method + " " + path);
    try (exchange) {
      Optional<Reply> refusal = behaviour.refuse(method, path);
      if (refusal.isPresent()) {
        send(
            exchange,
            refusal.get().status(),
            Map.of("Content-Type", "application/json"),
            refusal.get().json());
        return;
      }
      try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(engine))) {
        upstreams.add(channel);
        OutputStream out = Channels.newOutputStream(channel);
        out.write(
            (method
                    + " "
                    + behaviour.upstream(path)
                    + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = Channels.newInputStream(channel);
        int status = Integer.parseInt(line(in).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        boolean chunked = "chunked".equalsIgnoreCase(value(headers, "Transfer-Encoding"));
        InputStream body = chunked ? new Chunks(in) : in;
        headers
            .keySet()
            .removeIf(
                h ->
                    List.of("transfer-encoding", "content-length", "connection")
                        .contains(h.toLowerCase(Locale.ROOT)));
        behaviour.headers(path, headers);
        if (path.contains("/events")) {
          stream(exchange, status, headers, body);
        } else {
          String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
          send(exchange, status, headers, status == 200 ? behaviour.body(path, json) : json);
        }
      } finally {
        upstreams.removeIf(c -> !c.isOpen());
      }
    }
  }

  private void stream(
      HttpExchange exchange, int status, Map<String, String> headers, InputStream body)
      throws IOException {
    headers.forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(status, 0);
    OutputStream out = exchange.getResponseBody();
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      enginesEvents.add(line);
      String rewritten = behaviour.event(line);
      clientsEvents.add(rewritten);
      out.write((rewritten + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach(exchange.getResponseHeaders()::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String value(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("");
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the engine closed the connection mid-header");
      }
      bytes.write(b);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1).stripTrailing();
  }

  /** A chunked body, de-chunked. */
  private static final class Chunks extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunks(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in).split(";")[0].trim();
        left = Long.parseLong(size, 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n < 0) {
        throw new IOException("the engine closed the connection mid-chunk");
      }
      left -= n;
      if (left == 0) {
        line(in);
      }
      return n;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    new ArrayList<>(upstreams)
        .forEach(
            c -> {
              try {
                c.close();
              } catch (IOException ignored) {
                // already closed
              }
            });
  }
}
