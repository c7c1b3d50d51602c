package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.github.dockereventsreactor.engine.EventSink;
import io.github.dockereventsreactor.engine.EventSource;
import io.github.dockereventsreactor.engine.Resume;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's raw {@code /events} stream, read through docker-java's transport and parsed with
 * Jackson (docker-java's typed Event drops {@code scope} and closes {@code Type} to an enum).
 * Reconnects with capped exponential backoff and jitter, resuming from the last event seen; a
 * ping every few seconds catches a stream that died silently (a proxy, a TCP peer gone).
 */
public final class EngineEventSource implements EventSource {

  private static final Logger LOG = LoggerFactory.getLogger(EngineEventSource.class);
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5_000;
  /** A replay of the engine's buffer arrives at once: silence this long means it had nothing. */
  private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(2);

  private final Engine engine;
  private final Resume resume;
  private final Duration pingInterval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Engine.daemon("engine watchdog"));
  private volatile boolean closed;
  private volatile DockerHttpClient.Response stream;

  public EngineEventSource(Engine engine, Resume resume, Duration pingInterval) {
    this.engine = engine;
    this.resume = resume;
    this.pingInterval = pingInterval;
  }

  @Override
  public void run(EventSink sink) throws InterruptedException {
    long downSince = System.nanoTime();
    boolean everConnected = false;
    boolean lossLogged = false;
    int attempt = 0;
    while (!closed) {
      ScheduledFuture<?> watchdog = null;
      try {
        String version = engine.negotiateApiVersion();
        String since = resume.since().map(s -> "?since=" + s).orElse("");
        try (DockerHttpClient.Response response = engine.stream("/v" + version + "/events" + since)) {
          if (response.getStatusCode() != 200) {
            throw new EngineException(
                "/events answered HTTP " + response.getStatusCode() + ": " + Engine.body(response));
          }
          stream = response;
          if (closed) {
            break;
          }
          logConnected(everConnected, lossLogged, downSince, version);
          resume.resumed();
          timer.schedule(() -> checkpointCameBack(sink), CHECKPOINT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          sink.connected(!everConnected);
          everConnected = true;
          lossLogged = false;
          attempt = 0;
          watchdog = timer.scheduleWithFixedDelay(
              this::ping, pingInterval.toMillis(), pingInterval.toMillis(), TimeUnit.MILLISECONDS);
          read(response, sink);
        }
      } catch (RuntimeException | IOException e) {
        if (closed) {
          break;
        }
        if (!lossLogged) {
          lossLogged = true;
          downSince = System.nanoTime();
          if (everConnected) {
            sink.disconnected();
          }
          LOG.warn(
              "{} the event stream from {}: {}; retrying with backoff until it answers",
              everConnected ? "lost" : "cannot open",
              engine.address(),
              e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Thread.sleep(delay(attempt++));
      } finally {
        stream = null;
        if (watchdog != null) {
          watchdog.cancel(false);
        }
      }
    }
    timer.shutdownNow();
  }

  private void logConnected(boolean everConnected, boolean lossLogged, long downSince, String version) {
    String from = resume.since().map(s -> "from " + s).orElse("from now");
    long waited = (System.nanoTime() - downSince) / 1_000_000;
    if (!everConnected) {
      LOG.info(
          "connected to the Docker engine at {} (API {}){}, reading events {}",
          engine.address(),
          version,
          lossLogged ? " after waiting " + waited + " ms for it" : "",
          from);
    } else if (lossLogged) {
      LOG.info("event stream from {} is back after {} ms, resuming {}", engine.address(), waited, from);
    }
  }

  private void checkpointCameBack(EventSink sink) {
    if (resume.giveUpOnCheckpoint()) {
      warnGap();
      sink.gap();
    }
  }

  private static void warnGap() {
    LOG.warn(
        "the engine did not replay the last event seen before the break: events were lost"
            + " (it keeps only its last 256, and none across its own restart)");
  }

  /** A failed ping closes the stream, so a silently dead connection is replaced within seconds. */
  private void ping() {
    try {
      engine.negotiateApiVersion();
    } catch (RuntimeException e) {
      DockerHttpClient.Response current = stream;
      if (current != null && !closed) {
        LOG.warn(
            "the engine at {} does not answer /_ping ({}): reconnecting the event stream",
            engine.address(),
            e.getMessage());
        current.close();
      }
    }
  }

  private void read(DockerHttpClient.Response response, EventSink sink) throws IOException {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.getBody(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          deliver(line, sink);
        }
      }
    }
    if (!closed) {
      throw new IOException("the engine closed the event stream");
    }
  }

  private void deliver(String line, EventSink sink) {
    DockerEvent event;
    try {
      event = EventJson.parse(line);
    } catch (MalformedEventException e) {
      LOG.warn("skipping an event the engine sent that cannot be read ({}): {}", e.getMessage(), line);
      return;
    }
    switch (resume.admit(event)) {
      case DUPLICATE:
        return;
      case NEW_AFTER_GAP:
        warnGap();
        sink.gap();
        break;
      default:
        break;
    }
    sink.accept(event);
  }

  private static long delay(int attempt) {
    long base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt, 16));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  @Override
  public void close() {
    closed = true;
    DockerHttpClient.Response current = stream;
    if (current != null) {
      current.close();
    }
  }
}
