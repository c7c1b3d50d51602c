package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
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

  /** A reconcile's event, made up while the stream after the gap is read, is no position in it. */
  @Test
  void aSyntheticEventNeverBecomesTheCheckpointWithOrWithoutAJournal() {
    DockerEvent made =
        EventJson.synthetic("container", "start", new Actor("s", Map.of("name", "s")), NOW);
    for (Optional<EventJournal> journal :
        List.<Optional<EventJournal>>of(
            Optional.empty(), Optional.of(new JournaledReactorTest.MemoryJournal()))) {
      for (int actions : new int[] {0, 1}) {
        Progress progress = new Progress(Optional.empty(), ENGINE, journal);
        progress.begin(event(NOW - 2, "a"), 0, Progress.UNJOURNALED);
        Progress.Ticket ticket = progress.begin(made, actions, Progress.UNJOURNALED);
        EventId a = id(NOW - 2, "a");
        assertThat(progress.checkpoint().map(Checkpoint::last))
            .as("journal %s, %d actions", journal.isPresent(), actions)
            .hasValue(a);
        if (actions > 0) {
          progress.done(ticket, rule());
        }
        // The stream goes on with an older event the engine sent after the gap.
        progress.begin(event(NOW - 1, "b"), 0, Progress.UNJOURNALED);
        assertThat(progress.checkpoint().map(Checkpoint::last)).hasValue(id(NOW - 1, "b"));
      }
    }
  }

  /**
   * Nor is it among the identities saved with the checkpoint: stamped when made up, the newest, it
   * moved a restart's resume (two seconds before the newest identity) past the events of the stream
   * not read yet, which a crash then skipped.
   */
  @Test
  void aSyntheticEventIsNotAmongTheIdentitiesARestartResumesFrom() {
    DockerEvent made =
        EventJson.synthetic("container", "start", new Actor("s", Map.of("name", "s")), NOW);
    long read = NOW - 60_000_000_000L;
    for (Optional<EventJournal> journal :
        List.<Optional<EventJournal>>of(
            Optional.empty(), Optional.of(new JournaledReactorTest.MemoryJournal()))) {
      for (int actions : new int[] {0, 1}) {
        Progress progress = new Progress(Optional.empty(), ENGINE, journal);
        progress.begin(event(read, "a"), 0, Progress.UNJOURNALED);
        Progress.Ticket ticket = progress.begin(made, actions, Progress.UNJOURNALED);
        if (actions > 0) {
          progress.done(ticket, rule());
        }

        Checkpoint saved = progress.checkpoint().orElseThrow();
        assertThat(saved.recent())
            .as("journal %s, %d actions", journal.isPresent(), actions)
            .containsExactly(id(read, "a"));
        assertThat(Resume.after(saved, ENGINE).since()).hasValue("1795535331.000000000");
      }
    }
  }

  @Test
  void aStartingCheckpointFromTheFutureIsDropped() {
    EventId future = new EventId(Long.MAX_VALUE, "container", "start", "x");
    Progress progress =
        new Progress(
            Optional.of(new Checkpoint(future, List.of(future))), ENGINE, Optional.empty());

    assertThat(progress.checkpoint()).isEmpty();
  }

  private static EventId id(long timeNano, String actor) {
    return new EventId(timeNano, "container", "start", actor);
  }

  @Test
  void theCheckpointStaysBeforeTheOldestEventNotDoneAndKnowsTheDoneOnesBehindIt() {
    Rule rule = rule();
    EventId start = id(NOW - 10, "s");
    Progress progress =
        new Progress(Optional.of(new Checkpoint(start, List.of(start))), ENGINE, Optional.empty());
    Progress.Ticket first = progress.begin(event(NOW + 1, "a"), 1, Progress.UNJOURNALED);
    progress.begin(event(NOW + 2, "b"), 0, Progress.UNJOURNALED);
    Progress.Ticket third = progress.begin(event(NOW + 3, "c"), 1, Progress.UNJOURNALED);
    Progress.Ticket fourth = progress.begin(event(NOW + 4, "d"), 1, Progress.UNJOURNALED);
    progress.done(fourth, rule);
    progress.done(third, rule);

    assertThat(progress.checkpoint()).hasValue(new Checkpoint(start, List.of(start)));
    assertThat(progress.inFlight()).isEqualTo(1);

    progress.done(first, rule);
    assertThat(progress.checkpoint())
        .hasValue(
            new Checkpoint(
                id(NOW + 4, "d"),
                List.of(
                    start,
                    id(NOW + 1, "a"),
                    id(NOW + 2, "b"),
                    id(NOW + 3, "c"),
                    id(NOW + 4, "d"))));
    assertThat(progress.inFlight()).isZero();
  }

  @Test
  void eventsDoneBehindAStuckCommandCostNothingButABoundedTrail() {
    Rule rule = rule();
    Progress progress = new Progress(Optional.empty(), ENGINE, Optional.empty());
    Progress.Ticket stuck = progress.begin(event(NOW, "stuck"), 1, Progress.UNJOURNALED);
    for (int i = 1; i <= 100_000; i++) {
      // Dropped by a full queue: done at once.
      progress.done(progress.begin(event(NOW + i, "d" + i), 1, Progress.UNJOURNALED), rule);
    }
    assertThat(progress.inFlight()).isEqualTo(1);
    assertThat(progress.trailed()).isLessThanOrEqualTo(Progress.TRAIL);
    assertThat(progress.checkpoint()).isEmpty();

    progress.done(stuck, rule);
    Checkpoint checkpoint = progress.checkpoint().orElseThrow();
    assertThat(checkpoint.last()).isEqualTo(id(NOW + 100_000, "d100000"));
    assertThat(checkpoint.recent())
        .hasSize(RecentEvents.CAPACITY)
        .endsWith(id(NOW + 100_000, "d100000"));
    assertThat(progress.trailed()).isZero();
  }

  private static Rule rule() {
    try {
      return RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n").rules().get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
