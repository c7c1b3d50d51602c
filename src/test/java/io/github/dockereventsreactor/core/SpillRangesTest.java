package io.github.dockereventsreactor.core;

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
    assertThat(ranges.events()).isEqualTo(2);
    SpillRanges.Range read = ranges.next();
    assertThat(read).isEqualTo(new SpillRanges.Range(5, 9));
    ranges.readUpTo(7);
    ranges.add(12);
    assertThat(ranges.events()).isEqualTo(2);
    // Read to 9 while it grew to 12: what is left is after 9.
    assertThat(ranges.exhausted(read)).isFalse();
    assertThat(ranges.next()).isEqualTo(new SpillRanges.Range(10, 12));
    ranges.readUpTo(9);
    assertThat(ranges.events()).isEqualTo(1);
    assertThat(ranges.exhausted(ranges.next())).isTrue();
    assertThat(ranges.active()).isFalse();
    assertThat(ranges.events()).isZero();
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
    assertThat(old.events()).isZero();
    assertThat(next.events()).isEqualTo(4);
    assertThat(next.handOver())
        .isEqualTo(
            new SpillRanges.Spill(
                List.of(new SpillRanges.Range(1, 4), new SpillRanges.Range(7, 8)), 4));
    assertThat(next.events()).isZero();
  }
}
