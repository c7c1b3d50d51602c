package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "0s, PT0S"})
  void readsTheUnitsOperatorsWrite(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "1.5s", "1d", "-1s", "s"})
  void rejectsAnythingElseSayingHowToWriteIt(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .hasMessageContaining("write a whole number and a unit, as 500ms, 2s, 1m, 1h");
  }

  @Test
  void refusesWhatNoDeadlineCanHold() {
    assertThat(DurationText.parse("876000h")).isEqualTo(Duration.ofDays(36_500));
    // 114,000 years: a deadline in nanoseconds overflows a long (292 years).
    assertThatThrownBy(() -> DurationText.parse("999999999h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"999999999h\" is longer than the longest duration, 876000h (100 years)");
    assertThatThrownBy(() -> DurationText.parse("876001h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.5S, 500ms",
    "PT1.5S, 1500ms",
    "PT90S, 90s",
    "PT2M, 2m",
    "PT90M, 90m",
    "PT2H, 2h"
  })
  void writesInTheLargestWholeUnit(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "1500ms", "2s", "90s", "1m", "90m", "1h", "876000h"})
  void writesWhatItReads(String text) {
    assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
  }
}
