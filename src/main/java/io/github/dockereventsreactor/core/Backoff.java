package io.github.dockereventsreactor.core;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The waits between the attempts of one retried operation (reconnecting to the engine, a webhook, a
 * NATS publish): a first delay doubling after each failure up to a cap, each wait drawn between
 * half and all of that, so that many lanes or reactors failing together do not retry in step.
 * Randomness and the sleep are injected, so its caps and jitter are tested without waiting.
 */
public final class Backoff {

  /** Waits this long, or throws when the thread is interrupted: {@link Thread#sleep(long)}. */
  @FunctionalInterface
  public interface Sleep {
    void millis(long millis) throws InterruptedException;
  }

  private final long firstMillis;
  private final long maxMillis;
  private final RandomGenerator random;
  private final Sleep sleep;

  public Backoff(Duration first, Duration max, RandomGenerator random, Sleep sleep) {
    this.firstMillis = first.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
    this.sleep = sleep;
  }

  /** On the machine's time; one generator, safe to share between the threads that retry. */
  public static Backoff of(Duration first, Duration max) {
    return new Backoff(first, max, new Random(), Thread::sleep);
  }

  /** The wait after the {@code failures}-th failure in a row (from 1). */
  public long delayMillis(int failures) {
    long base = Math.min(maxMillis, firstMillis << Math.min(Math.max(failures, 1) - 1, 20));
    return base / 2 + random.nextLong(base / 2 + 1);
  }

  /**
   * Waits after the {@code failures}-th failure in a row; false when interrupted, with the thread's
   * interrupt status set again for its caller to see.
   */
  public boolean pause(int failures) {
    try {
      sleep.millis(delayMillis(failures));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
