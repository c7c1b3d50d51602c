package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthStatusDetailTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "health_status: healthy|healthy",
        "health_status:unhealthy|unhealthy",
        "health_status|''",
        "health_status:|''"
      })
  void theStatusIsWhatFollowsTheColonAndABareActionHasNone(String action, String detail) {
    assertThat(ReactorMetrics.detail(action)).isEqualTo(detail);
  }
}
