package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRangeTest {

  @ParameterizedTest
  @CsvSource({
    "1.41, false",
    "1.44, false",
    "1.52, false",
    "1.40, true",
    "1.53, true",
    "2.0, true",
    "4.3.1, true"
  })
  void warnsOutsideTheTestedRangeOnly(String version, boolean warns) {
    assertThat(ApiRange.warning(version).isPresent()).isEqualTo(warns);
  }
}
