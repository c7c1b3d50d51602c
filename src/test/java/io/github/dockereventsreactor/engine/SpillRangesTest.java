package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpillRangesTest {

  @Test
  void theRulesOwnRangeGrowsAndEndsOnlyWhenReadToWhereItHasGrown() {
    SpillRanges ranges = new SpillRanges();
    assertThat(ranges.active()).isFalse();
    ranges.add(5);
    ranges.add(9);
    SpillRanges.Range read = ranges.next();
    assertThat(read).isEqualTo(new SpillRanges.Range(5, 9));
    ranges.readUpTo(7);
    ranges.add(12);
    // Read to 9 while it grew to 12: what is left is after 9.
    assertThat(ranges.exhausted(read)).isFalse();
    assertThat(ranges.next()).isEqualTo(new SpillRanges.Range(10, 12));
    assertThat(ranges.exhausted(ranges.next())).isTrue();
    assertThat(ranges.active()).isFalse();
  }

  @Test
  void rangesTakenOverComeFirstAndNeverGrowSoWhatTheNewVersionQueuedItselfIsNotReadAgain() {
    SpillRanges old = new SpillRanges();
    old.add(1);
    old.add(4);
    SpillRanges next = new SpillRanges();
    // The new version queued 5 and 6 itself, then took over the old spill, then left 7 and 8.
    next.takeOver(old.handOver());
    next.add(7);
    next.add(8);

    assertThat(old.active()).isFalse();
    assertThat(next.handOver())
        .isEqualTo(List.of(new SpillRanges.Range(1, 4), new SpillRanges.Range(7, 8)));
  }
}
