package io.github.dockereventsreactor.docker;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt to open the event stream: 100 ms doubling to 5 s, each drawn
 * between half and all of that. It starts over only once a stream proved healthy — it delivered an
 * event or stayed up {@link #HEALTHY_AFTER} — so an engine that answers 200 and closes at once, or
 * cuts every stream, is retried at the slow pace, not hundreds of times a second.
 */
final class Backoff {

  static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);
  private static final long FIRST_MS = 100;
  private static final long MAX_MS = 5_000;

  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private int attempt;
  private long connectedAt;
  private boolean connected;
  private boolean delivered;

  Backoff(LongSupplier nanoTime, RandomGenerator random) {
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** A stream is open. */
  synchronized void connected() {
    connected = true;
    delivered = false;
    connectedAt = nanoTime.getAsLong();
  }

  /** The open stream delivered an event. */
  synchronized void delivered() {
    delivered = true;
  }

  /** Whether the open stream has proved itself: an event, or {@link #HEALTHY_AFTER} up. */
  synchronized boolean healthy() {
    return connected
        && (delivered || nanoTime.getAsLong() - connectedAt >= HEALTHY_AFTER.toNanos());
  }

  /** The stream failed or could not open: how long to wait before the next attempt. */
  synchronized long nextDelayMillis() {
    if (healthy()) {
      attempt = 0;
    }
    connected = false;
    long base = Math.min(MAX_MS, FIRST_MS << Math.min(attempt, 16));
    attempt++;
    return base / 2 + random.nextLong(base / 2 + 1);
  }
}
