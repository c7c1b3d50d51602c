package io.github.dockereventsreactor.docker;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import io.github.dockereventsreactor.core.EngineClock;
import io.github.dockereventsreactor.core.ErrorWords;
import io.github.dockereventsreactor.core.FatalErrors;
import io.github.dockereventsreactor.rules.Settings;
import io.github.dockereventsreactor.tls.PemTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The connection to one Docker Engine: where it is (an {@link EngineAddress}) and the transport
 * every request goes through — plain HTTP on a Unix socket or TCP, TLS with a client certificate
 * when the address has certificates.
 */
public final class Engine implements AutoCloseable {

  private final EngineAddress address;
  private final SSLConfig tls;
  // Everything but the stream (ping, inspect, info, list) must answer within seconds or count as a
  // dead engine. The stream and each action have a client of their own, the pings one between them
  // (see Ping); inspect, info and the lists share these slots, each cut when its call is abandoned:
  // see RequestSlots.
  private final RequestSlots requests;
  // Every call waits on one of these threads, with a deadline: see call().
  private final ExecutorService callers = Executors.newCachedThreadPool(daemon("engine call"));
  private final EngineClock clock = EngineClock.system();
  private final int maxAnswerBytes;
  private @Nullable Ping ping;
  private int pingClients;

  private Engine(EngineAddress address, int maxAnswerBytes) {
    this.address = address;
    this.tls = sslConfig(address);
    this.requests = new RequestSlots(16, () -> http(REQUEST_TIMEOUT, 1));
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** How long any request but the event stream may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private DockerHttpClient http(@Nullable Duration responseTimeout, int maxConnections) {
    return new ApacheDockerHttpClient.Builder()
        .dockerHost(address.host())
        .sslConfig(tls)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(responseTimeout)
        .maxConnections(maxConnections)
        .build();
  }

  /**
   * The TLS set-up of an engine with certificates, as the Docker CLI reads the directory: ca.pem,
   * when there, is the only authority trusted (else the JVM's), cert.pem with key.pem, when there,
   * the client certificate presented (read as NATS's are, by tls/PemTls). Any other engine gets no
   * TLS context: the transport then speaks plain HTTP on TCP (it picks https whenever a context
   * exists); on a Unix socket, where the scheme decides, it gets one that is never used, since
   * without any docker-java builds the JDK's default context (all of its CA certificates parsed
   * into the heap) for a socket that cannot use it.
   */
  private static SSLConfig sslConfig(EngineAddress address) {
    if (address.tls().isPresent()) {
      Path dir = address.tls().get();
      if (!Files.isDirectory(dir)) {
        throw new EngineException(
            address.source()
                + ": the TLS certificate directory "
                + dir
                + " does not exist: give cert_path (or DOCKER_CERT_PATH) the directory that holds"
                + " ca.pem, cert.pem and key.pem");
      }
      SSLContext context;
      try {
        context =
            PemTls.context(
                present(dir, "ca.pem"), present(dir, "cert.pem"), present(dir, "key.pem"));
      } catch (IOException e) {
        throw new EngineException("TLS with " + address.host() + ": " + e.getMessage());
      }
      return () -> context;
    }
    return "unix".equals(address.host().getScheme()) ? () -> NoTls.CONTEXT : () -> null;
  }

  private static Optional<Path> present(Path dir, String name) {
    return Optional.of(dir.resolve(name)).filter(Files::exists);
  }

  /** The engine at this address; nothing is sent until the first call. */
  public static Engine connect(EngineAddress address) {
    return connect(address, Settings.DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * The engine at this address, whose inspect answers are read up to {@code maxAnswerBytes}
   * (reactor.max_event_bytes, as its event lines are): a longer one is refused unread.
   */
  public static Engine connect(EngineAddress address, int maxAnswerBytes) {
    return new Engine(address, maxAnswerBytes);
  }

  public String address() {
    return address.describe();
  }

  /**
   * Opens the event stream: the headers must come within the request timeout, the body may then be
   * silent for ever. Each opening has a client of its own, closed with its response or at its
   * deadline, connection and all: an answer that never comes (a Unix socket has no read timeout)
   * held its connection for good, and two of them left a shared pool of two with none to open on.
   */
  DockerHttpClient.Response stream(String path) {
    DockerHttpClient client = http(null, 1);
    DockerHttpClient.Response response;
    try {
      response =
          call(
              "GET " + path,
              deadline(),
              () -> get(client, path),
              DockerHttpClient.Response::close,
              () -> {});
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
    observeDate(response.getHeaders());
    return new OwnResponse(response, client);
  }

  /** A stream's response, whose close also closes the client it alone was opened on. */
  private record OwnResponse(DockerHttpClient.Response response, DockerHttpClient client)
      implements DockerHttpClient.Response {
    @Override
    public int getStatusCode() {
      return response.getStatusCode();
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return response.getHeaders();
    }

    @Override
    public InputStream getBody() {
      return response.getBody();
    }

    @Override
    public void close() {
      try {
        response.close();
      } finally {
        closeQuietly(client);
      }
    }
  }

  private static void closeQuietly(DockerHttpClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // its connection is gone either way
    }
  }

  /**
   * The one way to ask the engine anything: the call runs on a thread of its own and is waited for
   * at most {@link #REQUEST_TIMEOUT}. docker-java's Unix socket ignores read timeouts, so an engine
   * (or proxy) that accepts a connection and then says nothing would otherwise hold the caller —
   * the reader, a rule's worker, the metrics — for ever. A call abandoned at its deadline keeps its
   * own thread until the engine answers or the connection dies, unless {@code abandoned} cuts it.
   */
  private <T> T call(
      String what, long deadlineNanos, Supplier<T> call, Consumer<T> late, Runnable abandoned) {
    return await(
        what,
        CompletableFuture.supplyAsync(raising(call), callers),
        deadlineNanos,
        late,
        abandoned);
  }

  private static long deadline() {
    return System.nanoTime() + REQUEST_TIMEOUT.toNanos();
  }

  /**
   * {@code call}, whose errors of the JVM reach the uncaught-exception handler: a future holds them
   * otherwise, and nobody reads that of a call abandoned at its deadline.
   */
  private static <T> Supplier<T> raising(Supplier<T> call) {
    return () -> {
      try {
        return call.get();
      } catch (VirtualMachineError e) {
        FatalErrors.raise(e);
        throw e;
      }
    };
  }

  /**
   * The answer by {@code deadlineNanos}; past it, the call is given up: {@code abandoned} runs, and
   * whatever the call answers later goes to {@code late}, nothing waiting for that.
   */
  private static <T> T await(
      String what,
      CompletableFuture<T> answer,
      long deadlineNanos,
      Consumer<T> late,
      Runnable abandoned) {
    try {
      return answer.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandoned.run();
      CompletableFuture<Void> unused = answer.thenAccept(late);
      throw new EngineException(
          "no answer to " + what + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for " + what);
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause =
        e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
    if (cause instanceof VirtualMachineError virtualMachineError) {
      throw virtualMachineError;
    }
    return cause instanceof RuntimeException runtimeException
        ? runtimeException
        : new EngineException(ErrorWords.message(cause));
  }

  private static DockerHttpClient.Response get(DockerHttpClient client, String path) {
    return client.execute(getOf(path).build());
  }

  private static DockerHttpClient.Request.Builder getOf(String path) {
    return DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path(path);
  }

  /**
   * Asks the engine for its API version ({@code /_ping}); requests then carry it, so an engine that
   * refuses old versions (Docker 29 wants 1.44 or later) and an old one both answer. Callers at the
   * same moment share one ping, and none waits for another's turn. A ping that missed its deadline
   * is shared no more: on a Unix socket it may never end, and every later caller would otherwise
   * wait on it and fail, the engine answering or not.
   */
  String negotiateApiVersion() {
    Ping current;
    synchronized (this) {
      if (ping == null || ping.answer().isDone()) {
        DockerHttpClient client = ping == null ? pingClient() : ping.client();
        ping =
            new Ping(CompletableFuture.supplyAsync(raising(() -> ping(client)), callers), client);
      }
      current = ping;
    }
    try {
      return await("/_ping", current.answer(), deadline(), version -> {}, () -> {});
    } catch (EngineException e) {
      boolean dropped;
      synchronized (this) {
        if (ping != null && ping.answer() == current.answer() && !current.answer().isDone()) {
          ping = null;
        }
        dropped = ping == null || ping.client() != current.client();
      }
      if (dropped) {
        closeQuietly(current.client());
      }
      throw e;
    }
  }

  /**
   * One ping and the client it goes through. The client serves the next ping too (building one
   * costs more CPU than the ping), but never its connection: each ping asks the engine to close it
   * ({@code Connection: close}), so no ping writes on a connection the engine may have dropped or
   * left silent. A ping given up at its deadline takes its client with it, closed, connection and
   * all: it may never end (a Unix socket has no read timeout), and the next ping must not queue
   * behind it for the client's one connection.
   */
  private record Ping(CompletableFuture<String> answer, DockerHttpClient client) {}

  private DockerHttpClient pingClient() {
    pingClients++;
    return http(REQUEST_TIMEOUT, 1);
  }

  /** How many clients the pings were given so far: one, unless a ping was given up. */
  synchronized int pingClients() {
    return pingClients;
  }

  private String ping(DockerHttpClient client) {
    try (DockerHttpClient.Response response =
        client.execute(getOf("/_ping").putHeader("Connection", "close").build())) {
      if (response.getStatusCode() != 200) {
        throw new EngineException(
            "/_ping answered HTTP " + response.getStatusCode() + ": " + body(response));
      }
      observeDate(response.getHeaders());
      return header(response.getHeaders(), "Api-Version")
          .orElseThrow(() -> new EngineException("/_ping answered without an Api-Version header"));
    }
  }

  /**
   * Every answer's {@code Date} header sets the engine's clock, by which event stamps are judged.
   */
  private void observeDate(Map<String, List<String>> headers) {
    header(headers, "Date")
        .ifPresent(
            date -> {
              try {
                clock.observe(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date)));
              } catch (DateTimeException e) {
                // an engine without a usable Date header: the local clock stands in
              }
            });
  }

  /** Learns the engine's time now if it answers (a ping); else the local clock stands in. */
  public void syncClock() {
    try {
      negotiateApiVersion();
    } catch (RuntimeException e) {
      // not there yet: the event stream will wait for it
    }
  }

  /** The engine's time, as its answers tell it. */
  public EngineClock clock() {
    return clock;
  }

  /**
   * A container's inspect document as the engine sent it (every field, for {@code
   * %%container.PATH%%}); empty when no such container exists. Answers within the request timeout
   * or throws, as it does for a document longer than the cap (a label of megabytes), which would
   * otherwise fill the heap.
   */
  Optional<String> inspect(String containerId) {
    return read(
        "inspect " + containerId,
        "/containers/" + containerId + "/json",
        in -> {
          byte[] document = in.readNBytes(maxAnswerBytes + 1);
          if (document.length > maxAnswerBytes) {
            throw new EngineException(
                "the inspect document of container "
                    + containerId
                    + " is over the "
                    + maxAnswerBytes
                    + " bytes of reactor.max_event_bytes: not read, as an event line that long"
                    + " would not be");
          }
          return new String(document, StandardCharsets.UTF_8);
        });
  }

  /**
   * A GET at the negotiated API version whose answer {@code body} reads; empty when the engine
   * answers 404. Read as raw JSON, as the event stream is, rather than through docker-java's typed
   * client: its commands, API model and Jackson databind would stay loaded for good. It goes on one
   * of the shared {@link RequestSlots}, cut if the answer misses the deadline.
   */
  <T> Optional<T> read(String what, String path, Body<T> body) {
    String versioned = "/v" + negotiateApiVersion() + path;
    long deadline = deadline();
    RequestSlots.Slot slot = requests.take(what, deadline);
    return call(
        what,
        deadline,
        () -> {
          try (DockerHttpClient.Response response = get(slot.client(), versioned)) {
            if (response.getStatusCode() == 404) {
              return Optional.empty();
            }
            if (response.getStatusCode() != 200) {
              throw new EngineException.Status(
                  what + " answered HTTP " + response.getStatusCode() + ": " + body(response));
            }
            // The body is not closed: that would read the rest of an answer refused for its size;
            // closing the response aborts the connection instead.
            try {
              return Optional.of(body.read(response.getBody()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          } finally {
            slot.giveBack();
          }
        },
        late -> {},
        slot::cut);
  }

  /**
   * A request with a deadline of its own, {@code deadlineNanos} on {@link System#nanoTime}: an
   * action, which may take as long as the rule allows (a restart waits for the stop timeout, an
   * exec for its command). It goes on a client of its own, closed with the answer or at the
   * deadline, connection and all, as a Unix socket has no read timeout. {@code answer} reads the
   * status and the body; {@code json} is the body sent, if any.
   */
  <T> T send(
      String what,
      DockerHttpClient.Request.Method method,
      String path,
      Optional<String> json,
      long deadlineNanos,
      Answer<T> answer) {
    String versioned = "/v" + negotiateApiVersion() + path;
    DockerHttpClient.Request.Builder request =
        DockerHttpClient.Request.builder().method(method).path(versioned);
    json.ifPresent(
        body ->
            request
                .putHeader("Content-Type", "application/json")
                .bodyBytes(body.getBytes(StandardCharsets.UTF_8)));
    DockerHttpClient client = http(null, 1);
    CompletableFuture<T> answered =
        CompletableFuture.supplyAsync(
            () -> {
              try (DockerHttpClient.Response response = client.execute(request.build())) {
                return answer.read(response.getStatusCode(), response);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            callers);
    CompletableFuture<?> unused = answered.whenComplete((value, error) -> closeQuietly(client));
    try {
      return answered.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      closeQuietly(client);
      throw new EngineException.Late("no answer to " + what + " within the rule's timeout");
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(client);
      throw new EngineException("interrupted while waiting for " + what);
    }
  }

  /** Reads an answer: its status, and its body from the response. */
  @FunctionalInterface
  interface Answer<T> {
    T read(int status, DockerHttpClient.Response response) throws IOException;
  }

  /** Reads an answer's body. */
  @FunctionalInterface
  interface Body<T> {
    T read(InputStream in) throws IOException;
  }

  /** Threads that never keep the JVM alive: the stop path owns the lifetime of the reactor. */
  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The start of an error answer. The body is not closed here: closing it would read a chunked body
   * to its end, which may never come; closing the response aborts the connection instead.
   */
  static String body(DockerHttpClient.Response response) {
    try {
      return new String(response.getBody().readNBytes(4096), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
        .map(h -> h.getValue().get(0))
        .findFirst();
  }

  @Override
  public void close() throws IOException {
    callers.shutdownNow();
    requests.close();
    synchronized (this) {
      if (ping != null) {
        closeQuietly(ping.client());
      }
    }
  }
}
