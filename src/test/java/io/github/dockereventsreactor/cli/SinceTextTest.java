package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTextTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1795535393, 1795535393000000000",
    "1795535393.5, 1795535393500000000",
    "1795535393.000000001, 1795535393000000001",
    "0, 0",
    "2026-11-25T09:00:00Z, 1795597200000000000",
    "2026-11-25T09:00:00.25Z, 1795597200250000000",
    "10m, 1795600200000000000",
    "1h, 1795597200000000000",
    "500ms, 1795600799500000000",
  })
  void readsSecondsInstantsAndDurationsAgo(String text, long nanos) {
    assertThat(SinceText.parse(text, NOW)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "1.5.5", "-10", "10 m", ""})
  void refusesAnythingElseSayingWhatItTakes(String text) {
    assertThatThrownBy(() -> SinceText.parse(text, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected Unix seconds (1795535393.5), an ISO instant");
  }

  @Test
  void aTimePastWhatNanosecondsHoldIsRefused() {
    assertThatThrownBy(() -> SinceText.parse("9999999999", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past what Unix nanoseconds hold");
  }
}
