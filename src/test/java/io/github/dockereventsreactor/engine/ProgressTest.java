package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long NOW = 1795535393_000_000_000L;
  private static final EngineClock ENGINE =
      new EngineClock(Clock.fixed(Instant.ofEpochMilli(NOW / 1_000_000), ZoneOffset.UTC));

  private static DockerEvent event(long timeNano, String id) {
    return new DockerEvent(
        "container",
        "start",
        "local",
        timeNano / 1_000_000_000L,
        timeNano,
        new Actor(id, Map.of()),
        "{}",
        false,
        false);
  }

  @Test
  void anEventFromTheFutureIsDoneButNeverBecomesTheCheckpoint() {
    Progress progress = new Progress(Optional.empty(), ENGINE, Optional.empty());
    progress.begin(event(NOW, "a"), 0, Progress.UNJOURNALED);
    progress.begin(event(Long.MAX_VALUE, "x"), 0, Progress.UNJOURNALED);

    EventId a = new EventId(NOW, "container", "start", "a");
    EventId x = new EventId(Long.MAX_VALUE, "container", "start", "x");
    // Saved among the recent events, to be known as a replay after a restart, but not the last.
    assertThat(progress.checkpoint()).hasValue(new Checkpoint(a, List.of(x, a)));
    assertThat(progress.inFlight()).isZero();
  }

  @Test
  void aStartingCheckpointFromTheFutureIsDropped() {
    EventId future = new EventId(Long.MAX_VALUE, "container", "start", "x");
    Progress progress =
        new Progress(
            Optional.of(new Checkpoint(future, List.of(future))), ENGINE, Optional.empty());

    assertThat(progress.checkpoint()).isEmpty();
  }
}
