package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Resume.Admission;
import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTest {

  private static final long SECOND = 1_000_000_000L;
  private static final EngineClock CLOCK = EngineClock.system();

  /** An event arrives and, when new, is handed out: as the reading thread does it. */
  private static Admission admit(Resume resume, DockerEvent event) {
    Admission admission = resume.arrived(event);
    if (admission != Admission.DUPLICATE) {
      resume.handedOut(event);
    }
    return admission;
  }

  private static DockerEvent event(long timeNano, String action, String id) {
    return new DockerEvent(
        "container",
        action,
        "local",
        timeNano / SECOND,
        timeNano,
        new Actor(id, Map.of()),
        "{}",
        false,
        false);
  }

  @Test
  void startsFromNowAndThenResumesTwoSecondsBeforeTheNewestEventToTheNanosecond() {
    Resume resume = Resume.fromNow(CLOCK);
    assertThat(resume.since()).isEmpty();

    admit(resume, event(1795535393000000007L, "start", "a"));

    assertThat(resume.since()).hasValue("1795535391.000000007");
  }

  @Test
  void dropsTheReplayedEventsAndDetectsNoGapWhenTheLastOneComesBack() {
    Resume resume = Resume.fromNow(CLOCK);
    DockerEvent first = event(1_000L, "create", "a");
    DockerEvent second = event(2_000L, "start", "a");
    assertThat(admit(resume, first)).isEqualTo(Admission.NEW);
    assertThat(admit(resume, second)).isEqualTo(Admission.NEW);

    resume.resumed();

    assertThat(admit(resume, first)).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, second)).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(3_000L, "die", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void anEventStampedBeforeOneAlreadySeenIsStillNew() {
    // The engine stamps an event before it publishes it: concurrent calls interleave.
    Resume resume = Resume.fromNow(CLOCK);
    assertThat(admit(resume, event(2_000L, "create", "b"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(1_000L, "create", "a"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(3_000L, "create", "c"))).isEqualTo(Admission.NEW);

    resume.resumed();

    assertThat(resume.since()).hasValue("0.000000000");
    assertThat(admit(resume, event(2_000L, "create", "b"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(1_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(3_000L, "create", "c"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(2_500L, "create", "d"))).isEqualTo(Admission.NEW);
  }

  @Test
  void keepsDistinctEventsThatShareANanosecond() {
    Resume resume = Resume.fromNow(CLOCK);
    assertThat(admit(resume, event(5L, "start", "a"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(5L, "start", "b"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(5L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void reportsAGapWhenANewEventComesBeforeTheLastOneSeen() {
    Resume resume = Resume.fromNow(CLOCK);
    admit(resume, event(1_000L, "create", "a"));
    admit(resume, event(2_000L, "start", "a"));

    resume.resumed();

    assertThat(admit(resume, event(1_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(9_000L, "start", "z"))).isEqualTo(Admission.NEW_AFTER_GAP);
    assertThat(admit(resume, event(9_500L, "die", "z"))).isEqualTo(Admission.NEW);
  }

  @Test
  void anUnseenEventStampedBeforeTheLastOneIsNewButNoSignOfAGap() {
    Resume resume = Resume.fromNow(CLOCK);
    admit(resume, event(2_000L, "start", "a"));

    resume.resumed();

    // Replayed, never handed out before (no rule took it after the last save; Podman's full log).
    assertThat(admit(resume, event(1_500L, "pull", "image"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(2_000L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.giveUpOnCheckpoint()).isFalse();
    // A newer one before the last came back still is a gap.
    resume.resumed();
    assertThat(admit(resume, event(1_600L, "pull", "image2"))).isEqualTo(Admission.NEW);
    assertThat(admit(resume, event(9_000L, "die", "z"))).isEqualTo(Admission.NEW_AFTER_GAP);
  }

  @Test
  void resumingFromASavedCheckpointDropsItsRecentEventsAndDetectsTheirLoss() {
    EventId before = new EventId(7_000L, "container", "create", "a");
    EventId saved = new EventId(6_000L, "container", "start", "a");
    Checkpoint checkpoint = new Checkpoint(saved, List.of(before, saved));

    Resume kept = Resume.after(checkpoint, CLOCK);
    assertThat(kept.since()).hasValue("0.000000000");
    assertThat(admit(kept, event(7_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(kept, event(6_000L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(kept, event(8_000L, "die", "a"))).isEqualTo(Admission.NEW);

    Resume lost = Resume.after(checkpoint, CLOCK);
    assertThat(admit(lost, event(9_000L, "die", "a"))).isEqualTo(Admission.NEW_AFTER_GAP);
  }

  @Test
  void keepsWhatTheEngineCanReplayTheLast256EventsReadWhateverTheirStamps() {
    Resume resume = Resume.fromNow(CLOCK);
    admit(resume, event(10 * SECOND, "create", "old"));
    admit(resume, event(12 * SECOND + 1, "create", "new"));

    // Older than since, but a clock that steps back moves since below it: still known.
    assertThat(resume.since()).hasValue("10.000000001");
    assertThat(admit(resume, event(10 * SECOND, "create", "old"))).isEqualTo(Admission.DUPLICATE);

    for (int i = 0; i < 300; i++) {
      admit(resume, event(13 * SECOND + i, "create", "v" + i));
    }
    assertThat(admit(resume, event(13 * SECOND + 299, "create", "v299")))
        .isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(13 * SECOND + 44, "create", "v44")))
        .isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(13 * SECOND + 43, "create", "v43"))).isEqualTo(Admission.NEW);
  }

  @Test
  void aClockThatStepsBackNeitherFailsNorResumesFromTheOldTimeLine() {
    Resume resume = Resume.fromNow(CLOCK);
    for (int i = 0; i < 100; i++) {
      admit(resume, event(100 * SECOND + i, "create", "before" + i));
    }
    // 50 s back, for more events than the engine keeps: each one used to throw.
    for (int i = 0; i < 300; i++) {
      admit(resume, event(50 * SECOND + i, "create", "after" + i));
    }

    // From the new time line: from the old one, the engine would replay none of the new events.
    assertThat(resume.since()).hasValue("48.000000299");
    assertThat(admit(resume, event(50 * SECOND + 299, "create", "after299")))
        .isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(50 * SECOND + 300, "create", "after300")))
        .isEqualTo(Admission.NEW);
  }

  @Test
  void theOldTimeLineIsStillKnownAfterAStepBack() {
    Resume resume = Resume.fromNow(CLOCK);
    admit(resume, event(100 * SECOND, "create", "old"));
    admit(resume, event(40 * SECOND, "create", "new"));

    // The engine replays from 38 s everything it keeps: the event stamped 100 s too.
    assertThat(resume.since()).hasValue("38.000000000");
    assertThat(admit(resume, event(100 * SECOND, "create", "old"))).isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void givingUpOnTheCheckpointMeansItWasLostOnlyWhileAwaited() {
    Resume resume = Resume.fromNow(CLOCK);
    admit(resume, event(1_000L, "start", "a"));
    resume.resumed();

    assertThat(resume.giveUpOnCheckpoint()).isTrue();
    assertThat(resume.giveUpOnCheckpoint()).isFalse();
  }

  @Test
  void sinceATimeReplaysEverythingFromItWithoutDedupe() {
    Resume resume = Resume.since(5 * SECOND, CLOCK);
    assertThat(resume.since()).hasValue("5.000000000");
    assertThat(admit(resume, event(5 * SECOND, "start", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void theFirstConnectionHasNoGapToReport() {
    Resume resume = Resume.fromNow(CLOCK);
    resume.resumed();

    assertThat(admit(resume, event(1L, "start", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void aStreamFromNowThatBreaksBeforeAnyEventResumesFromItsConnection() {
    long now = 1795535393L * SECOND;
    Resume resume = Resume.fromNow(engineAt(now));
    assertThat(resume.since()).isEmpty();

    resume.resumed();

    assertThat(resume.since()).hasValue("1795535391.000000000");
    assertThat(admit(resume, event(now + SECOND, "start", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.since()).hasValue("1795535392.000000000");
  }

  /** An engine whose clock reads {@code nowNanos}, to the millisecond. */
  private static EngineClock engineAt(long nowNanos) {
    return new EngineClock(
        java.time.Clock.fixed(
            java.time.Instant.ofEpochMilli(nowNanos / 1_000_000), java.time.ZoneOffset.UTC));
  }

  @Test
  void anEventStampedFarInTheFutureIsHandedOutOnceButNeverMovesTheResumePoint() {
    long now = 1795535393L * SECOND;
    Resume resume = Resume.fromNow(engineAt(now));
    admit(resume, event(now, "start", "a"));
    DockerEvent future = event(Long.MAX_VALUE, "start", "x");

    assertThat(admit(resume, future)).isEqualTo(Admission.NEW);
    resume.resumed();

    assertThat(resume.since()).hasValue("1795535391.000000000");
    assertThat(admit(resume, future)).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(now, "start", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(now + SECOND, "die", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void aStampWithinAMinuteAheadOfTheEngineStillCounts() {
    long now = 1795535393L * SECOND;
    Resume resume = Resume.fromNow(engineAt(now));
    admit(resume, event(now + 59 * SECOND, "start", "a"));

    assertThat(resume.since()).hasValue("1795535450.000000000");
  }

  @Test
  void aCheckpointFromTheFutureIsRecognisedAsSuchByTheEnginesClockNotTheLocalOne() {
    long now = 1795535393L * SECOND;
    EventId ahead = new EventId(now + 3_600 * SECOND, "container", "start", "a");
    EventId fine = new EventId(now - SECOND, "container", "start", "a");

    assertThat(Resume.fromTheFuture(new Checkpoint(ahead, List.of(ahead)), engineAt(now))).isTrue();
    assertThat(Resume.fromTheFuture(new Checkpoint(fine, List.of(fine)), engineAt(now))).isFalse();
    assertThat(
            Resume.fromTheFuture(
                new Checkpoint(ahead, List.of(ahead)), engineAt(now + 3_600 * SECOND)))
        .isFalse();
  }

  @Test
  void futureStampsInASavedRecentListAreKnownAsReplaysAndDoNotPushTheOthersOut() {
    long now = 1795535393L * SECOND;
    EventId future = new EventId(Long.MAX_VALUE, "container", "start", "x");
    EventId last = new EventId(now, "container", "start", "a");
    Resume resume = Resume.after(new Checkpoint(last, List.of(future, last)), engineAt(now));

    assertThat(resume.since()).hasValue("1795535391.000000000");
    resume.resumed();
    assertThat(admit(resume, event(Long.MAX_VALUE, "start", "x"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(now, "start", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(now + 1, "start", "b"))).isEqualTo(Admission.NEW);
  }

  @Test
  void aCheckpointFromTheFutureResumesFiveMinutesBackAndStillDropsItsEventsAsReplays() {
    // Seeds 22, 32, 100 and 311 of the fault simulator: the host's clock stepped back 90 s behind
    // the saved position before a crash; the journal hands out again what was not done, and the
    // engine, asked for everything of the last five minutes, replays the same events.
    long now = 1795535393L * SECOND;
    DockerEvent first = event(now + 80 * SECOND, "create", "a");
    DockerEvent last = event(now + 90 * SECOND, "start", "a");
    Checkpoint saved = new Checkpoint(EventId.of(last), List.of(EventId.of(first)));
    EngineClock engine = engineAt(now);
    assertThat(Resume.fromTheFuture(saved, engine)).isTrue();

    Resume resume = Resume.behind(saved, engine);

    assertThat(resume.since()).hasValue("1795535093.000000000");
    resume.resumed();
    assertThat(admit(resume, first)).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, last)).isEqualTo(Admission.DUPLICATE);
    assertThat(admit(resume, event(now + SECOND, "die", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.since()).hasValue("1795535392.000000000");
  }

  @Test
  void anEventIsSeenOnlyOnceHandedOut() {
    Resume resume = Resume.fromNow(CLOCK);
    DockerEvent event = event(1_000L, "start", "a");

    assertThat(resume.arrived(event)).isEqualTo(Admission.NEW);
    assertThat(resume.arrived(event)).isEqualTo(Admission.NEW);
    resume.handedOut(event);
    assertThat(resume.arrived(event)).isEqualTo(Admission.DUPLICATE);
  }
}
