package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateTest {

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final List<String> passed = new CopyOnWriteArrayList<>();
  private final List<String> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  private void await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void debounceLetsTheLastEventOfEachKeysBurstThroughOnceItIsQuiet() {
    Gate<String> gate = Gate.debounce(Duration.ofMillis(200), timers);

    for (String item : List.of("a1", "a2", "a3")) {
      gate.offer("a", item, passed::add, held::add);
    }
    gate.offer("b", "b1", passed::add, held::add);
    await(() -> passed.size() == 2);

    assertThat(passed).containsExactlyInAnyOrder("a3", "b1");
    assertThat(held).containsExactly("a1", "a2");
  }

  @Test
  void throttleLetsMaxPerWindowThroughPerKeyAndHoldsTheRest() {
    Gate<String> gate = Gate.throttle("r", 2, Duration.ofMillis(300), timers);

    for (String item : List.of("a1", "a2", "a3", "a4")) {
      gate.offer("a", item, passed::add, held::add);
    }
    gate.offer("b", "b1", passed::add, held::add);
    assertThat(passed).containsExactly("a1", "a2", "b1");
    assertThat(held).containsExactly("a3", "a4");

    await(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      gate.offer("a", "later", passed::add, held::add);
      return passed.contains("later");
    });
    assertThat(passed).contains("later");
  }
}
