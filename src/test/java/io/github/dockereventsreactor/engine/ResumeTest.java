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
        "container", action, "local", timeNano / 1_000_000_000L, timeNano, new Actor(id, Map.of()), "{}");
  }

  @Test
  void startsFromNowAndThenResumesFromTheLastEventToTheNanosecond() {
    Resume resume = new Resume();
    assertThat(resume.since()).isEmpty();

    resume.admit(event(1795535393000000007L, "start", "a"));

    assertThat(resume.since()).hasValue("1795535393.000000007");
  }

  @Test
  void dropsTheReplayedEventsAndDetectsNoGapWhenTheCheckpointComesBack() {
    Resume resume = new Resume();
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
    Resume resume = new Resume();
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "b"))).isEqualTo(Admission.NEW);
    assertThat(resume.admit(event(5L, "start", "a"))).isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void reportsAGapWhenTheCheckpointDoesNotComeBack() {
    Resume resume = new Resume();
    resume.admit(event(1_000L, "start", "a"));

    resume.resumed();

    assertThat(resume.admit(event(9_000L, "start", "z"))).isEqualTo(Admission.NEW_AFTER_GAP);
    assertThat(resume.admit(event(9_500L, "die", "z"))).isEqualTo(Admission.NEW);
  }

  @Test
  void theFirstConnectionHasNoGapToReport() {
    Resume resume = new Resume();
    resume.resumed();

    assertThat(resume.admit(event(1L, "start", "a"))).isEqualTo(Admission.NEW);
  }
}
