package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The waits, drawn from a generator the test sets, and slept on a recorder: nothing waits. */
class BackoffTest {

  /** Always the same end of the range: the bottom (0) or the top (the bound less 1). */
  private static RandomGenerator pinned(boolean top) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public long nextLong(long bound) {
        return top ? bound - 1 : 0;
      }
    };
  }

  private final List<Long> slept = new ArrayList<>();

  private Backoff backoff(boolean top) {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), pinned(top), slept::add);
  }

  private static List<Long> delays(Backoff backoff, int failures) {
    return IntStream.rangeClosed(1, failures).mapToObj(backoff::delayMillis).toList();
  }

  @Test
  void theTopOfTheRangeDoublesFromTheFirstDelayToTheCapAndStaysThere() {
    assertThat(delays(backoff(true), 9))
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
  }

  @Test
  void theBottomOfTheRangeIsHalfOfIt() {
    assertThat(delays(backoff(false), 8))
        .containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 2500L, 2500L);
  }

  @Test
  void aLongRunOfFailuresNeitherOverflowsNorPassesTheCap() {
    Backoff backoff = backoff(true);

    assertThat(backoff.delayMillis(1_000)).isEqualTo(5000L);
    assertThat(backoff.delayMillis(Integer.MAX_VALUE)).isEqualTo(5000L);
  }

  @Test
  void eachWaitIsDrawnBetweenHalfAndAllOfItsStep() {
    Backoff backoff = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5));

    for (int failures = 1; failures <= 12; failures++) {
      long step = Math.min(5000, 200L << (failures - 1));
      for (int draw = 0; draw < 50; draw++) {
        assertThat(backoff.delayMillis(failures)).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void pauseSleepsTheDelayAndSaysWhetherItWasInterrupted() {
    assertThat(backoff(true).pause(3)).isTrue();
    assertThat(slept).containsExactly(400L);

    Backoff interrupted =
        new Backoff(
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            pinned(true),
            millis -> {
              throw new InterruptedException();
            });
    try {
      assertThat(interrupted.pause(1)).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
