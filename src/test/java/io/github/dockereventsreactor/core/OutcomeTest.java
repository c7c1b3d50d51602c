package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutcomeTest {

  private static final Duration MS = Duration.ofMillis(1);

  static Stream<Arguments> tallies() {
    return Stream.of(
        Arguments.of(new Outcome.Exited(0, MS), true, "success", true),
        Arguments.of(new Outcome.Exited(1, MS), true, "failure", true),
        Arguments.of(new Outcome.Exited(125, MS), true, "failure", true),
        Arguments.of(new Outcome.Exited(126, MS), true, "not_executable", true),
        Arguments.of(new Outcome.Exited(127, MS), true, "not_found", true),
        Arguments.of(new Outcome.Exited(128, MS), true, "failure", true),
        Arguments.of(new Outcome.Exited(143, MS), true, "signal", true),
        Arguments.of(new Outcome.TimedOut(MS), true, "timeout", true),
        Arguments.of(new Outcome.Interrupted(MS), true, "killed_at_stop", false),
        Arguments.of(new Outcome.Delivered(204, MS, 1), true, "success", true),
        Arguments.of(new Outcome.Undelivered("refused", 4), true, "undelivered", false),
        Arguments.of(new Outcome.Published("S", 1, false, MS, 1), true, "success", true),
        Arguments.of(new Outcome.NotStarted("x"), false, "not_started", false),
        Arguments.of(new Outcome.Skipped("x"), false, "missing_value", false),
        Arguments.of(new Outcome.Dropped(10), false, "queue_full", false),
        Arguments.of(new Outcome.Debounced(), false, "debounced", false),
        Arguments.of(new Outcome.Throttled(), false, "throttled", false),
        Arguments.of(new Outcome.Failed("x"), false, "failed", false),
        Arguments.of(new Outcome.RuleRemoved(), false, "rule_removed", false));
  }

  @ParameterizedTest
  @MethodSource("tallies")
  void eachOutcomeIsCountedByItsOwnLabel(
      Outcome outcome, boolean started, String label, boolean timed) {
    assertThat(outcome.tally())
        .isEqualTo(new Outcome.Tally(started, label, timed ? Optional.of(MS) : Optional.empty()));
  }

  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of(
            new Outcome.Exited(0, Duration.ofMillis(12)), Outcome.Report.INFO, "exit 0 in 12 ms"),
        Arguments.of(
            new Outcome.Exited(3, Duration.ofMillis(12)), Outcome.Report.WARN, "exit 3 in 12 ms"),
        Arguments.of(
            new Outcome.TimedOut(Duration.ofSeconds(30)),
            Outcome.Report.WARN,
            "killed after its timeout of 30s"),
        Arguments.of(
            new Outcome.TimedOut(Duration.ofMillis(1500)),
            Outcome.Report.WARN,
            "killed after its timeout of 1500ms"),
        Arguments.of(
            new Outcome.NotStarted("gone"), Outcome.Report.REPEATING_ERROR, "not started: gone"),
        Arguments.of(
            new Outcome.Undelivered("HTTP 404", 1),
            Outcome.Report.REPEATING_ERROR,
            "not delivered: HTTP 404"),
        Arguments.of(new Outcome.Skipped("no ip"), Outcome.Report.WARN, "skipped, no ip"),
        Arguments.of(
            new Outcome.Failed("boom"), Outcome.Report.ERROR, "failed: boom; the rule goes on"),
        Arguments.of(
            new Outcome.Published("S", 7, true, Duration.ofMillis(3), 2),
            Outcome.Report.INFO,
            "published to stream S as #7 (a duplicate the stream already held) in 3 ms (2 attempts)"),
        Arguments.of(
            new Outcome.Throttled(),
            Outcome.Report.ELSEWHERE,
            "throttled: past the rule's maximum for the window"));
  }

  @ParameterizedTest
  @MethodSource("reports")
  void eachOutcomeSaysHowItIsLogged(Outcome outcome, Outcome.Report report, String text) {
    assertThat(outcome.report()).isEqualTo(report);
    assertThat(outcome.describe()).isEqualTo(text);
  }
}
