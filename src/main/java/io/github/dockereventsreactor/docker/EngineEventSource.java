package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.github.dockereventsreactor.engine.EventSink;
import io.github.dockereventsreactor.engine.EventSource;
import io.github.dockereventsreactor.engine.Resume;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.event.DockerEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's raw {@code /events} stream, read through docker-java's transport and parsed with
 * Jackson (docker-java's typed Event drops {@code scope} and closes {@code Type} to an enum).
 * Reconnects with capped exponential backoff and jitter, resuming from the last event seen.
 */
public final class EngineEventSource implements EventSource {

  private static final Logger LOG = LoggerFactory.getLogger(EngineEventSource.class);
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5_000;

  private final Engine engine;
  private final Resume resume = new Resume();
  private volatile boolean closed;
  private volatile DockerHttpClient.Response stream;

  public EngineEventSource(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void run(EventSink sink) throws InterruptedException {
    long downSince = -1;
    int attempt = 0;
    while (!closed) {
      try {
        String version = engine.negotiateApiVersion();
        String since = resume.since().map(s -> "?since=" + s).orElse("");
        try (DockerHttpClient.Response response = engine.get("/v" + version + "/events" + since)) {
          if (response.getStatusCode() != 200) {
            throw new EngineException(
                "/events answered HTTP " + response.getStatusCode() + ": " + Engine.body(response));
          }
          stream = response;
          if (downSince >= 0) {
            LOG.info(
                "event stream from {} is back after {} ms, resuming {}",
                engine.address(),
                (System.nanoTime() - downSince) / 1_000_000,
                resume.since().map(s -> "from " + s).orElse("from now"));
            resume.resumed();
          } else {
            LOG.info("connected to the Docker engine at {} (API {})", engine.address(), version);
          }
          downSince = -1;
          attempt = 0;
          read(response, sink);
        }
      } catch (RuntimeException | IOException e) {
        if (closed) {
          break;
        }
        if (downSince < 0) {
          downSince = System.nanoTime();
          LOG.warn(
              "lost the event stream from {}: {}; reconnecting with backoff",
              engine.address(),
              e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Thread.sleep(delay(attempt++));
      } finally {
        stream = null;
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
        LOG.warn(
            "the engine did not replay the last event seen before the break: events were lost"
                + " (it keeps only its last 256, and none across its own restart)");
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
