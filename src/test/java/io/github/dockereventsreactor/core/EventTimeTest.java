package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  private final EventTime time = new EventTime();
  private final List<String> ran = new ArrayList<>();

  private Timers.Timer at(long delay, String name) {
    return time.schedule(() -> ran.add(name + "@" + time.nanoTime()), delay);
  }

  @Test
  void movingToAnEventRunsTheTimersDueByThenInTheOrderTheyComeDueEachAtItsOwnTime() {
    time.advanceTo(1_000);
    at(300, "c");
    at(100, "a");
    at(100, "b");
    at(500, "later");

    time.advanceTo(1_400);

    assertThat(ran).containsExactly("a@1100", "b@1100", "c@1300");
    assertThat(time.nanoTime()).isEqualTo(1_400);
    assertThat(time.pending()).isEqualTo(1);
  }

  /** A line's timeNano may be up to 2^63 - 1: a timer past that waits for the end of the input. */
  @Test
  void aTimerDueBeyondTheLastNanosecondRunsAtTheEndNotInThePast() {
    time.advanceTo(Long.MAX_VALUE - 1_000);
    at(5_000_000_000L, "debounce");

    time.advanceTo(Long.MAX_VALUE - 1);

    assertThat(ran).isEmpty();
    assertThat(time.nanoTime()).isEqualTo(Long.MAX_VALUE - 1);
    time.end();
    assertThat(ran).containsExactly("debounce@" + Long.MAX_VALUE);
  }

  @Test
  void timeNeverGoesBackForAnEventStampedEarlier() {
    time.advanceTo(5_000);
    time.advanceTo(4_000);

    assertThat(time.nanoTime()).isEqualTo(5_000);
  }

  @Test
  void aCancelledTimerNeverRuns() {
    at(10, "gone").cancel();
    at(20, "kept");

    time.advanceTo(100);

    assertThat(ran).containsExactly("kept@20");
  }

  @Test
  void theEndRunsWhatIsLeftAtItsOwnTimeAndATaskCanSetAnother() {
    time.advanceTo(1_000);
    time.schedule(() -> at(50, "second"), 100);
    at(200, "first");

    assertThat(time.ended()).isFalse();
    time.end();

    assertThat(ran).containsExactly("second@1150", "first@1200");
    assertThat(time.ended()).isTrue();
    assertThat(time.pending()).isZero();
  }

  @Test
  void firingIsTrueOnlyWhileATimersTaskRuns() {
    List<Boolean> seen = new ArrayList<>();
    time.schedule(() -> seen.add(time.firing()), 10);

    assertThat(time.firing()).isFalse();
    time.advanceTo(10);

    assertThat(seen).containsExactly(true);
    assertThat(time.firing()).isFalse();
  }
}
