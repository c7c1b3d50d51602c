package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gates on event time, which the test moves by hand: no test waits on real time. */
class GateTest {

  private final EventTime timers = new EventTime();
  private final List<String> passed = new ArrayList<>();
  private final List<String> held = new ArrayList<>();

  private void advance(Duration step) {
    timers.advanceTo(timers.nanoTime() + step.toNanos());
  }

  private void offer(Gate<String> gate, String key, String item) {
    gate.offer(key, item, passed::add, held::add);
  }

  @Test
  void debounceLetsTheLastEventOfEachKeysBurstThroughOnceItIsQuiet() {
    Gate<String> gate = Gate.debounce(Duration.ofMillis(200), timers);

    for (String item : List.of("a1", "a2", "a3")) {
      offer(gate, "a", item);
    }
    offer(gate, "b", "b1");
    advance(Duration.ofMillis(199));
    assertThat(passed).isEmpty();
    assertThat(held).containsExactly("a1", "a2");

    advance(Duration.ofMillis(1));
    assertThat(passed).containsExactly("a3", "b1");
    assertThat(timers.pending()).isZero();
  }

  @Test
  void eachNewEventOfAKeyRestartsItsQuietPeriod() {
    Gate<String> gate = Gate.debounce(Duration.ofMillis(200), timers);

    offer(gate, "a", "a1");
    advance(Duration.ofMillis(150));
    offer(gate, "a", "a2");
    advance(Duration.ofMillis(150));
    assertThat(passed).isEmpty();

    advance(Duration.ofMillis(50));
    assertThat(passed).containsExactly("a2");
    assertThat(held).containsExactly("a1");
  }

  @Test
  void aReleasedDebounceGivesUpWhatWaitsAndNeverPassesItLater() {
    Gate<String> gate = Gate.debounce(Duration.ofMillis(200), timers);
    offer(gate, "a", "a1");
    offer(gate, "b", "b1");

    List<String> released = new ArrayList<>();
    gate.release(released::add);
    advance(Duration.ofSeconds(1));

    assertThat(released).containsExactlyInAnyOrder("a1", "b1");
    assertThat(passed).isEmpty();
  }

  @Test
  void throttleLetsMaxPerWindowThroughPerKeyAndHoldsTheRestUntilTheWindowEnds() {
    Gate<String> gate = Gate.throttle("r", 2, Duration.ofMillis(300), timers);

    for (String item : List.of("a1", "a2", "a3", "a4")) {
      offer(gate, "a", item);
    }
    offer(gate, "b", "b1");
    assertThat(passed).containsExactly("a1", "a2", "b1");
    assertThat(held).containsExactly("a3", "a4");

    advance(Duration.ofMillis(299));
    offer(gate, "a", "a5");
    assertThat(held).containsExactly("a3", "a4", "a5");

    advance(Duration.ofMillis(1));
    offer(gate, "a", "a6");
    offer(gate, "a", "a7");
    offer(gate, "a", "a8");
    assertThat(passed).containsExactly("a1", "a2", "b1", "a6", "a7");
    assertThat(held).containsExactly("a3", "a4", "a5", "a8");
  }

  @Test
  void aThrottleWindowStartsAtTheKeysFirstEventNotAtAFixedClockTick() {
    Gate<String> gate = Gate.throttle("r", 1, Duration.ofMillis(300), timers);

    advance(Duration.ofMillis(250));
    offer(gate, "a", "a1");
    advance(Duration.ofMillis(100));
    offer(gate, "a", "a2");

    assertThat(passed).containsExactly("a1");
    assertThat(held).containsExactly("a2");
  }
}
