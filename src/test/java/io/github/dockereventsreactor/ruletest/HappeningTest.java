package io.github.dockereventsreactor.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a report shows of a happening no expectation describes follows the kinds, in order. */
class HappeningTest {

  @Test
  void anUnexpectedHappeningShowsItsEventsThenEachKindWithItsDetails() {
    assertThat(Happening.SHOWN_UNEXPECTED)
        .containsExactly(
            "event",
            "run",
            "webhook",
            "url",
            "nats",
            "subject",
            "body",
            "container",
            "metric",
            "skipped",
            "debounced",
            "throttled",
            "outcome");
    assertThat(Happening.SHOWN_UNEXPECTED).containsSubsequence(Happening.KINDS);
  }

  @Test
  void theKindIsTheFirstKindFieldPresent() {
    assertThat(new Happening("r", Map.of("event", "1", "skipped", "missing value")).kind())
        .isEqualTo("skipped");
    assertThat(new Happening("r", Map.of("event", "1")).kind()).isEqualTo("outcome");
    assertThat(Happening.KINDS).doesNotHaveDuplicates();
  }
}
