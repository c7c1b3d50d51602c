package io.github.dockereventsreactor.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker engine made of a script, on a Unix socket of the test's own: it answers {@code /_ping},
 * {@code /version}, {@code /info}, {@code /containers/json} and {@code /containers/{id}/json} as
 * dockerd 20.10 does (API 1.41), and streams on {@code /events} exactly the bytes the test's {@link
 * Script} writes — the failures a real engine will not produce on demand. Loopback only: nothing
 * leaves the machine.
 *
 * <pre>{@code
 * try (ScriptedEngine engine = ScriptedEngine.start(dir.resolve("e.sock"))) {
 *   engine.events(s -> { s.event(json1); s.line("x".repeat(100)); s.event(json2); s.hold(); });
 *   ... run the reactor with --docker-host engine.host() ...
 * }
 * }</pre>
 */
final class ScriptedEngine implements AutoCloseable {

  static final String API_VERSION = "1.41";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Pattern VERSIONED = Pattern.compile("^/v[0-9.]+(/.*)$");
  private static final Pattern INSPECT = Pattern.compile("^/containers/([^/]+)/json$");
  private static final Pattern VERB =
      Pattern.compile("^/containers/([^/]+)/(restart|stop|start|kill|pause|unpause)$");

  /** What one {@code /events} connection gets: the script writes, then the body ends. */
  @FunctionalInterface
  interface Script {
    void play(EventStream stream) throws Exception;
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> containers = new ConcurrentHashMap<>();
  private final Map<String, Long> labelled = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<String> silent = new CopyOnWriteArrayList<>();
  private final List<String> silentOnce = new CopyOnWriteArrayList<>();
  private volatile List<Script> scripts = List.of(EventStream::hold);
  private volatile boolean refusing;
  private final AtomicInteger pingsOnUsedConnections = new AtomicInteger();

  private ScriptedEngine(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    daemon("scripted engine", this::accept).start();
  }

  /** An engine listening on {@code socket} (at most 107 bytes: keep it under /tmp). */
  static ScriptedEngine start(Path socket) throws IOException {
    return new ScriptedEngine(socket);
  }

  /**
   * An engine on a socket in a new directory under /tmp named from {@code prefix}: a Unix socket's
   * path is limited to 108 bytes, which a JUnit temporary directory's can exceed.
   */
  static ScriptedEngine startInTmp(String prefix) throws IOException {
    return start(Files.createTempDirectory(Path.of("/tmp"), prefix).resolve("e.sock"));
  }

  /** {@code --docker-host} for this engine. */
  String host() {
    return "unix://" + socket;
  }

  /**
   * The scripts of the next {@code /events} connections, in order; the last one plays again for
   * every further connection. By default a stream stays open and silent.
   */
  ScriptedEngine events(Script first, Script... then) {
    List<Script> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(then));
    scripts = List.copyOf(all);
    return this;
  }

  /**
   * A container the engine knows: its inspect document, also listed by {@code /containers/json}; a
   * POST of a verb on it (restart, stop, start, kill, pause, unpause) answers 204 and does nothing
   * but be recorded in {@link #requests()}.
   */
  ScriptedEngine container(String id, String inspectJson) {
    containers.put(id, inspectJson);
    return this;
  }

  /**
   * A container whose inspect document carries a label of {@code bytes} bytes, written as it
   * streams out (the test's heap never holds it); not listed by {@code /containers/json}.
   */
  ScriptedEngine labelled(String id, long bytes) {
    labelled.put(id, bytes);
    return this;
  }

  /**
   * Requests for this path (without version or query) get no answer at all, the connection kept
   * open: an engine or proxy that hangs.
   */
  ScriptedEngine silent(String path) {
    silent.add(path);
    return this;
  }

  /**
   * The next request for this path (without version or query) gets no answer at all, the connection
   * kept open; later ones are answered: one request lost on its way, say by a relay.
   */
  ScriptedEngine silentOnce(String path) {
    silentOnce.add(path);
    return this;
  }

  /**
   * Every POST of a container verb or an exec is refused with 403, as a socket proxy without {@code
   * POST=1} refuses it (tecnativa/docker-socket-proxy's HAProxy page).
   */
  ScriptedEngine refusingPosts() {
    refusing = true;
    return this;
  }

  /** Every request so far, as "GET /path?query" without the API version prefix. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many {@code /_ping} requests came, answered or not. */
  int pings() {
    return (int) requests.stream().filter(r -> r.equals("GET /_ping")).count();
  }

  /** How many {@code /_ping} requests came on a connection that had carried a request before. */
  int pingsOnUsedConnections() {
    return pingsOnUsedConnections.get();
  }

  /** How many times the event stream was opened. */
  int eventConnections() {
    return (int) requests.stream().filter(r -> r.startsWith("GET /events")).count();
  }

  /** A volume's create event as dockerd writes it, named {@code name}. */
  static String volumeCreate(String name, long timeNano) {
    return "{\"status\":\"create\",\"id\":\""
        + name
        + "\",\"Type\":\"volume\",\"Action\":\"create\","
        + "\"Actor\":{\"ID\":\""
        + name
        + "\",\"Attributes\":{\"driver\":\"local\"}},"
        + "\"scope\":\"local\",\"time\":"
        + timeNano / 1_000_000_000L
        + ",\"timeNano\":"
        + timeNano
        + "}";
  }

  /** An event line as dockerd writes it, for a container named {@code name}. */
  static String event(String action, String id, String name, long timeNano) {
    return "{\"status\":\""
        + action
        + "\",\"id\":\""
        + id
        + "\",\"from\":\"reactor-test/busybox\","
        + "\"Type\":\"container\",\"Action\":\""
        + action
        + "\",\"Actor\":{\"ID\":\""
        + id
        + "\",\"Attributes\":{\"image\":\"reactor-test/busybox\",\"name\":\""
        + name
        + "\"}},"
        + "\"scope\":\"local\",\"time\":"
        + timeNano / 1_000_000_000L
        + ",\"timeNano\":"
        + timeNano
        + "}";
  }

  private void accept() {
    try {
      while (true) {
        SocketChannel client = server.accept();
        open.add(client);
        daemon("scripted engine connection", () -> serve(client)).start();
      }
    } catch (IOException closed) {
      // the engine is closed
    }
  }

  /** HTTP/1.1 with keep-alive: docker-java reuses its connections. */
  private void serve(SocketChannel client) {
    try (client) {
      InputStream in = Channels.newInputStream(client);
      OutputStream out = Channels.newOutputStream(client);
      String requestLine;
      boolean used = false;
      while ((requestLine = head(in)) != null) {
        String[] parts = requestLine.split(" ");
        String target = parts.length > 1 ? parts[1] : "/";
        Matcher versioned = VERSIONED.matcher(target);
        String path = versioned.matches() ? versioned.group(1) : target;
        requests.add(parts[0] + " " + path);
        String bare = path.replaceFirst("\\?.*$", "");
        if (used && bare.equals("/_ping")) {
          pingsOnUsedConnections.incrementAndGet();
        }
        used = true;
        if (silent.contains(bare) || silentOnce.remove(bare)) {
          closing.await();
          return;
        }
        if (bare.equals("/events")) {
          stream(out);
          return;
        }
        answer(out, parts[0], bare);
      }
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  private void answer(OutputStream out, String method, String path) throws IOException {
    Matcher inspect = INSPECT.matcher(path);
    Matcher verb = VERB.matcher(path);
    if (method.equals("POST") && refusing) {
      respond(
          out,
          403,
          "text/html",
          "<html><body><h1>403 Forbidden</h1> Request forbidden by administrative rules."
              + " </body></html>");
    } else if (method.equals("POST") && verb.matches() && containers.containsKey(verb.group(1))) {
      respond(out, 204, "application/json", "");
    } else if (path.equals("/_ping")) {
      respond(out, 200, "text/plain", "OK");
    } else if (path.equals("/version")) {
      respond(
          out,
          200,
          "application/json",
          "{\"Version\":\"20.10.24\",\"ApiVersion\":\""
              + API_VERSION
              + "\",\"MinAPIVersion\":\"1.12\","
              + "\"Os\":\"linux\",\"Arch\":\"amd64\"}");
    } else if (path.equals("/info")) {
      respond(
          out,
          200,
          "application/json",
          "{\"Name\":\"scripted-engine\",\"ServerVersion\":\"20.10.24\",\"SystemTime\":\""
              + Instant.now()
              + "\"}");
    } else if (path.equals("/containers/json")) {
      respond(out, 200, "application/json", list());
    } else if (inspect.matches() && labelled.containsKey(inspect.group(1))) {
      respondLabelled(out, inspect.group(1), labelled.get(inspect.group(1)));
    } else if (inspect.matches() && containers.containsKey(inspect.group(1))) {
      respond(out, 200, "application/json", containers.get(inspect.group(1)));
    } else if (inspect.matches()) {
      respond(
          out,
          404,
          "application/json",
          "{\"message\":\"No such container: " + inspect.group(1) + "\"}");
    } else {
      respond(out, 404, "application/json", "{\"message\":\"page not found\"}");
    }
  }

  private String list() {
    StringBuilder json = new StringBuilder("[");
    containers
        .keySet()
        .forEach(
            id ->
                json.append(json.length() > 1 ? "," : "")
                    .append("{\"Id\":\"")
                    .append(id)
                    .append("\",\"Names\":[\"/")
                    .append(id)
                    .append("\"],\"Image\":\"reactor-test/busybox\",\"State\":\"running\"}"));
    return json.append("]").toString();
  }

  private static void respond(OutputStream out, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        (statusLine(status)
                + "Api-Version: "
                + API_VERSION
                + "\r\nContent-Type: "
                + type
                + "\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static void respondLabelled(OutputStream out, String id, long bytes) throws IOException {
    byte[] head =
        ("{\"Id\":\"" + id + "\",\"Name\":\"/" + id + "\",\"Config\":{\"Labels\":{\"big\":\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail =
        "\"}},\"NetworkSettings\":{\"IPAddress\":\"172.17.0.9\"}}".getBytes(StandardCharsets.UTF_8);
    out.write(
        (statusLine(200)
                + "Api-Version: "
                + API_VERSION
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (head.length + bytes + tail.length)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(head);
    byte[] block = new byte[1 << 16];
    java.util.Arrays.fill(block, (byte) 'x');
    for (long left = bytes; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
    out.write(tail);
    out.flush();
  }

  private static String statusLine(int status) {
    return "HTTP/1.1 "
        + status
        + switch (status) {
          case 200 -> " OK";
          case 204 -> " No Content";
          case 403 -> " Forbidden";
          default -> " Not Found";
        }
        + "\r\nDate: "
        + HTTP_DATE.format(Instant.now())
        + "\r\nServer: Docker/20.10.24 (linux)\r\n";
  }

  private void stream(OutputStream out) throws IOException {
    List<Script> all = scripts;
    Script script = all.get(Math.min(eventConnections() - 1, all.size() - 1));
    out.write(
        (statusLine(200)
                + "Api-Version: "
                + API_VERSION
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    EventStream stream = new EventStream(out, closing);
    try {
      script.play(stream);
      stream.end();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Reads a request's head; returns its request line, or null at the end of the connection. */
  private static String head(InputStream in) throws IOException {
    String requestLine = null;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.US_ASCII).strip();
      line.reset();
      if (text.isEmpty()) {
        if (requestLine != null) {
          return requestLine;
        }
      } else if (requestLine == null) {
        requestLine = text;
      }
    }
    return null;
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws IOException {
    closing.countDown();
    server.close();
    for (SocketChannel channel : open) {
      channel.close();
    }
    Files.deleteIfExists(socket);
  }

  /** The body of one {@code /events} response, written as the script says. */
  static final class EventStream {
    private final OutputStream out;
    private final CountDownLatch closing;
    private boolean ended;

    private EventStream(OutputStream out, CountDownLatch closing) {
      this.out = out;
      this.closing = closing;
    }

    /** One event: its JSON and a newline, in a chunk of their own, as dockerd sends them. */
    EventStream event(String json) throws IOException {
      return chunk(json + "\n");
    }

    /** Any text as one chunk (a line that is not an event, part of a line, …). */
    EventStream chunk(String text) throws IOException {
      return chunk(text.getBytes(StandardCharsets.UTF_8));
    }

    EventStream chunk(byte[] bytes) throws IOException {
      out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return this;
    }

    /** Bytes as they are, outside the chunked framing (a cut chunk, garbage). */
    EventStream raw(String bytes) throws IOException {
      out.write(bytes.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return this;
    }

    /** Keeps the stream open and silent until the engine is closed or the reader goes away. */
    void hold() throws InterruptedException {
      closing.await();
    }

    /** Waits this long, the stream open and silent. */
    EventStream pause(long millis) throws InterruptedException {
      closing.await(millis, TimeUnit.MILLISECONDS);
      return this;
    }

    /** Closes the connection without ending the body (no last chunk): a cut stream. */
    void cut() {
      ended = true;
    }

    private void end() throws IOException {
      if (!ended) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
  }
}
