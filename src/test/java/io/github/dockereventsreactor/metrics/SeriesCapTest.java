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

  /** Within the cap, 500 series of a 1 MiB label each would hold 500 MiB for the process's life. */
  @Test
  void foldsAnOpenLabelsValueTooLongToKeep() {
    SeriesCap cap = new SeriesCap(500, 1);
    String label = "x".repeat(1 << 20);

    assertThat(cap.admit(List.of("start", label, "web"))).containsExactly("start", "other", "web");
    assertThat(cap.admit(List.of(label, "x".repeat(SeriesCap.MAX_VALUE_CHARS))))
        .containsExactly(label, "x".repeat(SeriesCap.MAX_VALUE_CHARS));
  }
}
