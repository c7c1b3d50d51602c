package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.engine.Resume.Admission;
import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTest {

  private static DockerEvent event(long timeNano, String action, String id) {
    return new DockerEvent(
        "container",
        action,
        "local",
        timeNano / 1_000_000_000L,
        timeNano,
        new Actor(id, Map.of()),
        "{}",
        false,
        false);
  }

  @Test
  void startsFromNowAndThenResumesFromTheLastEventToTheNanosecond() {
    Resume resume = Resume.fromNow();
    assertThat(resume.since()).isEmpty();

    resume.admit(event(1795535393000000007L, "start", "a"));

    assertThat(resume.since()).hasValue("1795535393.000000007");
  }

  @Test
  void dropsTheReplayedEventsAndDetectsNoGapWhenTheCheckpointComesBack() {
    Resume resume = Resume.fromNow();
    DockerEvent first = event(1_000L, "create", "a");
    DockerEvent second = event(2_000L, "start", "a");
    assertThat(resume.admit(first)).isEqualTo(Admission.NEW);
    assertThat(resume.admit(second)).isEqualTo(Admission.NEW);

    resume.resumed();

    assertThat(resume.admit(second)).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(first)).isEqualTo(Admission.DUPLICATE);
    assertThat(resume.admit(event(3_000L, "die", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void keepsDistinctEventsThatShareANanosecond() {
    Resume resume = Resume.fromNow();
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "b"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void reportsAGapWhenTheCheckpointDoesNotComeBack() {
    Resume resume = Resume.fromNow();
    resume.admit(event(1_000L, "start", "a"));

    resume.resumed();

    assertThat(resume.admit(event(9_000L, "start", "z"))).isEqualTo(Admission.NEW_AFTER_GAP);
    assertThat(resume.admit(event(9_500L, "die", "z"))).isEqualTo(Admission.NEW);
  }

  @Test
  void resumingFromASavedCheckpointDropsItAndDetectsItsLoss() {
    DockerEvent saved = event(7_000L, "start", "a");
    Resume kept = Resume.after(Checkpoint.of(saved));
    assertThat(kept.since()).hasValue("0.000007000");
    assertThat(kept.admit(saved)).isEqualTo(Admission.DUPLICATE);
    assertThat(kept.admit(event(8_000L, "die", "a"))).isEqualTo(Admission.NEW);

    Resume lost = Resume.after(Checkpoint.of(saved));
    assertThat(lost.admit(event(9_000L, "die", "a"))).isEqualTo(Admission.NEW_AFTER_GAP);
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
    Resume resume = Resume.since(5_000_000_000L);
    assertThat(resume.since()).hasValue("5.000000000");
    assertThat(resume.admit(event(5_000_000_000L, "start", "a"))).isEqualTo(Admission.NEW);
  }

  @Test
  void theFirstConnectionHasNoGapToReport() {
    Resume resume = Resume.fromNow();
    resume.resumed();

    assertThat(resume.admit(event(1L, "start", "a"))).isEqualTo(Admission.NEW);
  }
}
