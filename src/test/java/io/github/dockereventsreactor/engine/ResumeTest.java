package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.engine.Resume.Admission;
import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTest {

  private static final long SECOND = 1_000_000_000L;

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
    Resume resume = Resume.fromNow();
    assertThat(resume.since()).isEmpty();

    resume.admit(event(1795535393000000007L, "start", "a"));

    assertThat(resume.since()).hasValue("1795535391.000000007");
  }

  @Test
  void dropsTheReplayedEventsAndDetectsNoGapWhenTheLastOneComesBack() {
    Resume resume = Resume.fromNow();
    DockerEvent first = event(1_000L, "create", "a");
    DockerEvent second = event(2_000L, "start", "a");
    assertThat(resume.admit(first)).isEqualTo(Admission.NEW);
    assertThat(resume.admit(second)).isEqualTo(Admission.NEW);

    resume.resumed();

    assertThat(resume.admit(first)).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(second)).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(3_000L, "die", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void anEventStampedBeforeOneAlreadySeenIsStillNew() {
    // The engine stamps an event before it publishes it: concurrent calls interleave.
    Resume resume = Resume.fromNow();
    assertThat(resume.admit(event(2_000L, "create", "b"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(1_000L, "create", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(3_000L, "create", "c"))).isEqualTo(Admission.NEW);

    resume.resumed();

    assertThat(resume.since()).hasValue("0.000000000");
    assertThat(resume.admit(event(2_000L, "create", "b"))).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(1_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(3_000L, "create", "c"))).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(2_500L, "create", "d"))).isEqualTo(Admission.NEW);
  }

  @Test
  void keepsDistinctEventsThatShareANanosecond() {
    Resume resume = Resume.fromNow();
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "b"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void reportsAGapWhenANewEventComesBeforeTheLastOneSeen() {
    Resume resume = Resume.fromNow();
    resume.admit(event(1_000L, "create", "a"));
    resume.admit(event(2_000L, "start", "a"));

    resume.resumed();

    assertThat(resume.admit(event(1_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(9_000L, "start", "z"))).isEqualTo(Admission.NEW_AFTER_GAP);
    assertThat(resume.admit(event(9_500L, "die", "z"))).isEqualTo(Admission.NEW);
  }

  @Test
  void resumingFromASavedCheckpointDropsItsRecentEventsAndDetectsTheirLoss() {
    EventId before = new EventId(7_000L, "container", "create", "a");
    EventId saved = new EventId(6_000L, "container", "start", "a");
    Checkpoint checkpoint = new Checkpoint(saved, List.of(before, saved));

    Resume kept = Resume.after(checkpoint);
    assertThat(kept.since()).hasValue("0.000000000");
    assertThat(kept.admit(event(7_000L, "create", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(kept.admit(event(6_000L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
    assertThat(kept.admit(event(8_000L, "die", "a"))).isEqualTo(Admission.NEW);

    Resume lost = Resume.after(checkpoint);
    assertThat(lost.admit(event(9_000L, "die", "a"))).isEqualTo(Admission.NEW_AFTER_GAP);
  }

  @Test
  void keepsOnlyWhatTheEngineCanReplayTheLast256EventsOfTheLastTwoSeconds() {
    Resume resume = Resume.fromNow();
    resume.admit(event(10 * SECOND, "create", "old"));
    resume.admit(event(12 * SECOND + 1, "create", "new"));

    // Older than since: the engine does not replay it, so it is not remembered.
    assertThat(resume.since()).hasValue("10.000000001");
    assertThat(resume.admit(event(10 * SECOND, "create", "old"))).isEqualTo(Admission.NEW);

    for (int i = 0; i < 300; i++) {
      resume.admit(event(13 * SECOND + i, "create", "v" + i));
    }
    assertThat(resume.admit(event(13 * SECOND + 299, "create", "v299")))
        .isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(13 * SECOND + 44, "create", "v44")))
        .isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(13 * SECOND + 43, "create", "v43"))).isEqualTo(Admission.NEW);
  }

  @Test
  void givingUpOnTheCheckpointMeansItWasLostOnlyWhileAwaited() {
    Resume resume = Resume.fromNow();
    resume.admit(event(1_000L, "start", "a"));
    resume.resumed();

    assertThat(resume.giveUpOnCheckpoint()).isTrue();
    assertThat(resume.giveUpOnCheckpoint()).isFalse();
  }

  @Test
  void sinceATimeReplaysEverythingFromItWithoutDedupe() {
    Resume resume = Resume.since(5 * SECOND);
    assertThat(resume.since()).hasValue("5.000000000");
    assertThat(resume.admit(event(5 * SECOND, "start", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void theFirstConnectionHasNoGapToReport() {
    Resume resume = Resume.fromNow();
    resume.resumed();

    assertThat(resume.admit(event(1L, "start", "a"))).isEqualTo(Admission.NEW);
  }
}
