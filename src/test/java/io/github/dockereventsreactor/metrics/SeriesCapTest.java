package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCapTest {

  @Test
  void foldsTheOpenLabelsOfNewSeriesPastTheCap() {
    SeriesCap cap = new SeriesCap(2, 1);

    assertThat(cap.admit(List.of("start", "a"))).containsExactly("start", "a");
    assertThat(cap.admit(List.of("start", "b"))).containsExactly("start", "b");
    assertThat(cap.admit(List.of("start", "c"))).containsExactly("start", "other");
    assertThat(cap.admit(List.of("die", "d"))).containsExactly("die", "other");
    // A series seen before the cap was reached keeps its own labels.
    assertThat(cap.admit(List.of("start", "a"))).containsExactly("start", "a");
  }
}
