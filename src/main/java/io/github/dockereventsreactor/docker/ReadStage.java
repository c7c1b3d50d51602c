package io.github.dockereventsreactor.docker;

import io.github.dockereventsreactor.event.DockerEvent;
import java.time.Instant;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * An event line read and parsed, as a Java Flight Recorder event: the first stages of an event's
 * way to its action (the core's follow, keyed by the same timeNano). Kept only while a recording
 * runs.
 */
@Name("io.github.dockereventsreactor.Read")
@Label("Event read")
@Category({"Docker Events Reactor"})
@Description("An event line read from the engine's stream and parsed")
@StackTrace(false)
final class ReadStage extends Event {

  @Label("Event timeNano")
  @Description("The Docker event's own timeNano: the key that ties its stages together")
  long eventTime;

  @Label("Read at (System.nanoTime)")
  @Description("When the line's last bytes were in the reader")
  long read;

  @Label("Parsed at (System.nanoTime)")
  long parsed;

  @Label("Parsed at (nanoseconds since the epoch)")
  @Description("The same moment on the wall clock, which the engine's timeNano is on")
  long parsedWall;

  /** Records the event read at {@code read} (System.nanoTime) and parsed now, if recording. */
  static void record(DockerEvent event, long read) {
    ReadStage stage = new ReadStage();
    if (stage.shouldCommit()) {
      stage.parsed = System.nanoTime();
      Instant now = Instant.now();
      stage.parsedWall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      stage.read = read;
      stage.eventTime = event.timeNano();
      stage.commit();
    }
  }
}
