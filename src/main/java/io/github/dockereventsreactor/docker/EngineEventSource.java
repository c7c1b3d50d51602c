package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.github.dockereventsreactor.core.ErrorWords;
import io.github.dockereventsreactor.core.EventSink;
import io.github.dockereventsreactor.core.EventSource;
import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.core.Periodic;
import io.github.dockereventsreactor.core.Resume;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's raw {@code /events} stream, read through docker-java's transport and parsed with
 * Jackson (docker-java's typed Event drops {@code scope} and closes {@code Type} to an enum).
 * Reconnects with capped exponential backoff and jitter, resuming from the last event seen; a ping
 * after a few seconds without a line catches a stream that died silently (a proxy, a TCP peer
 * gone), and a line left unfinished for three ping intervals one that stalled mid-line. Lines are
 * capped in length. Nothing an event does can stop the reading: each line's handling is isolated.
 */
public final class EngineEventSource implements EventSource {

  private static final Logger LOG = LoggerFactory.getLogger(EngineEventSource.class);

  /** A replay of the engine's buffer arrives at once: silence this long means it had nothing. */
  private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(2);

  /** A line pending this many ping intervals means a stream stalled mid-line. */
  private static final int STALL_INTERVALS = 3;

  private final Engine engine;
  private final Resume resume;
  private final Duration pingInterval;
  private final int maxEventBytes;
  private final ReconnectPace backoff =
      new ReconnectPace(System::nanoTime, ThreadLocalRandom.current());
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Engine.daemon("engine watchdog"));
  private volatile boolean closed;
  private volatile DockerHttpClient.@Nullable Response stream;
  private volatile @Nullable EventLineReader reader;
  // Since when the reading thread has been handling one line (System.nanoTime); 0 when waiting.
  private volatile long handlingSince;
  // An outage is logged when it starts and when a stream has proved healthy again: one line each.
  private boolean everConnected;
  private boolean outage;
  private long downSince = System.nanoTime();
  private String resumedFrom = "from now";

  public EngineEventSource(Engine engine, Resume resume, Duration pingInterval, int maxEventBytes) {
    this.engine = engine;
    this.resume = resume;
    this.pingInterval = pingInterval;
    this.maxEventBytes = maxEventBytes;
  }

  @Override
  public void run(EventSink sink) throws InterruptedException {
    while (!closed) {
      ScheduledFuture<?> watchdog = null;
      ScheduledFuture<?> look = null;
      try {
        String version = engine.negotiateApiVersion();
        String since = resume.since().map(s -> "?since=" + s).orElse("");
        // Closing docker-java's response aborts the connection: never drains a body without end.
        try (DockerHttpClient.Response response =
            engine.stream("/v" + version + "/events" + since)) {
          if (response.getStatusCode() != 200) {
            throw new EngineException(
                "/events answered HTTP " + response.getStatusCode() + ": " + Engine.body(response));
          }
          stream = response;
          if (closed) {
            break;
          }
          boolean first = connected(version);
          resume.resumed();
          // One look, some time after connecting, at this stream only: cancelled when it ends, or
          // a stream that ended sooner would judge the next one's replay before its time.
          look =
              timer.schedule(
                  Periodic.guarded("looking for the checkpoint", () -> checkpointCameBack(sink)),
                  CHECKPOINT_WAIT.toMillis(),
                  TimeUnit.MILLISECONDS);
          sink.connected(first);
          watchdog =
              timer.scheduleWithFixedDelay(
                  Periodic.guarded("watching the event stream", this::watch),
                  pingInterval.toMillis(),
                  pingInterval.toMillis(),
                  TimeUnit.MILLISECONDS);
          read(response, sink);
        }
      } catch (RuntimeException | IOException e) {
        if (closed) {
          break;
        }
        lost(sink, e);
        Thread.sleep(backoff.nextDelayMillis());
      } finally {
        stream = null;
        reader = null;
        if (watchdog != null) {
          watchdog.cancel(false);
        }
        if (look != null) {
          look.cancel(false);
        }
      }
    }
    timer.shutdownNow();
  }

  /** A stream is open; returns whether it is the first of this process. */
  private synchronized boolean connected(String version) {
    backoff.connected();
    resumedFrom = resume.since().map(s -> "from " + s).orElse("from now");
    if (everConnected) {
      return false;
    }
    everConnected = true;
    LOG.info(
        "connected to the Docker engine at {} (API {}){}, reading events {}",
        engine.address(),
        version,
        outage
            ? " after waiting " + (System.nanoTime() - downSince) / 1_000_000 + " ms for it"
            : "",
        resumedFrom);
    outage = false;
    return true;
  }

  /** The stream proved healthy (an event, or up long enough): the outage, if any, is over. */
  private synchronized void healthy() {
    if (outage && backoff.healthy()) {
      outage = false;
      LOG.info(
          "event stream from {} is back after {} ms, resumed {}",
          engine.address(),
          (System.nanoTime() - downSince) / 1_000_000,
          resumedFrom);
    }
  }

  private synchronized void lost(EventSink sink, Exception e) {
    if (stream != null) {
      sink.disconnected();
    }
    if (outage) {
      return;
    }
    outage = true;
    downSince = System.nanoTime();
    LOG.warn(
        "{} the event stream from {}: {}; retrying with backoff until it answers",
        everConnected ? "lost" : "cannot open",
        engine.address(),
        ErrorWords.message(e));
  }

  private void checkpointCameBack(EventSink sink) {
    if (resume.giveUpOnCheckpoint()) {
      Resume.gap(sink);
    }
  }

  /**
   * Every ping interval: a line pending for {@value #STALL_INTERVALS} intervals, or a failed ping
   * after an interval without a line, aborts the stream, so a silently dead or stalled connection
   * is replaced within seconds. A line that came in the interval has just proved the connection
   * alive: a ping would only cost CPU, and one late on a busy engine would abort a stream that
   * works.
   */
  private void watch() {
    healthy();
    EventLineReader current = reader;
    long pending = current == null ? 0 : current.pendingSince();
    if (pending != 0 && System.nanoTime() - pending > STALL_INTERVALS * pingInterval.toNanos()) {
      abort(
          "the engine at {} sent part of an event line {} ms ago and not the rest: reconnecting the event stream",
          (System.nanoTime() - pending) / 1_000_000);
      return;
    }
    if (current != null && current.linesSinceLastAsked()) {
      return;
    }
    try {
      engine.negotiateApiVersion();
    } catch (RuntimeException e) {
      abort(
          "the engine at {} does not answer /_ping ({}): reconnecting the event stream",
          e.getMessage());
    }
  }

  private void abort(String message, @Nullable Object detail) {
    DockerHttpClient.Response current = stream;
    if (current != null && !closed) {
      LOG.warn(message, engine.address(), detail);
      current.close();
    }
  }

  private void read(DockerHttpClient.Response response, EventSink sink) throws IOException {
    // The body is never closed itself: that would read it to its end. The response's close aborts.
    EventLineReader lines =
        new EventLineReader(response.getBody(), maxEventBytes, System::nanoTime);
    reader = lines;
    EventLineReader.Lines handler =
        new EventLineReader.Lines() {
          @Override
          public void line(String text) {
            isolated(text, () -> deliver(text, sink), sink);
          }

          @Override
          public void oversized(long size, String head) {
            isolated(
                head,
                () ->
                    LOG.warn(
                        "skipping an event line of {} bytes, over the {} bytes of reactor.max_event_bytes; it began: {}",
                        size,
                        maxEventBytes,
                        head),
                sink);
          }
        };
    while (lines.next(handler)) {
      // each line was handled by the handler
    }
    if (!closed) {
      throw new IOException("the engine closed the event stream");
    }
  }

  /** One line's handling: whatever it throws stays with that line, and the stream goes on. */
  private void isolated(String line, Runnable handling, EventSink sink) {
    handlingSince = System.nanoTime();
    try {
      handling.run();
    } catch (RuntimeException e) {
      sink.internalError(HandlingStep.READ, "the line " + shortened(line), e);
    } finally {
      handlingSince = 0;
    }
  }

  private static String shortened(String line) {
    return line.length() > EventLineReader.HEAD_BYTES
        ? line.substring(0, EventLineReader.HEAD_BYTES) + "…"
        : line;
  }

  private void deliver(String line, EventSink sink) {
    DockerEvent event;
    try {
      event = EventJson.parse(line);
    } catch (MalformedEventException e) {
      LOG.warn(
          "skipping an event the engine sent that cannot be read ({}): {}",
          e.getMessage(),
          shortened(line));
      return;
    }
    ReadStage.record(event, handlingSince);
    if (!resume.deliver(event, sink)) {
      return;
    }
    backoff.delivered();
    healthy();
  }

  /**
   * Why the reading cannot be trusted right now: on a connected stream, a line that has waited for
   * its end, or one whose handling has not finished, for longer than the ping deadline.
   */
  public Optional<String> notReady() {
    long deadline = pingInterval.plus(Engine.REQUEST_TIMEOUT).toNanos();
    long now = System.nanoTime();
    EventLineReader current = reader;
    long pending = current == null ? 0 : current.pendingSince();
    if (pending != 0 && now - pending > deadline) {
      return Optional.of(
          "the event stream stalled mid-line "
              + (now - pending) / 1_000_000
              + " ms ago; reconnecting");
    }
    if (current != null && handlingFor(now) > deadline) {
      return Optional.of(
          "the event reader has been handling one event for "
              + handlingFor(now) / 1_000_000
              + " ms");
    }
    return Optional.empty();
  }

  /**
   * True when the reading thread is stuck inside one event's handling past the ping deadline: not
   * an engine that is quiet or away (the reader then waits or reconnects, as it should), but a
   * reader that no longer reads. systemd's watchdog stops on it, so the reactor is restarted.
   */
  public boolean wedged() {
    long now = System.nanoTime();
    return reader != null && handlingFor(now) > pingInterval.plus(Engine.REQUEST_TIMEOUT).toNanos();
  }

  private long handlingFor(long now) {
    long handling = handlingSince;
    return handling == 0 ? 0 : now - handling;
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
