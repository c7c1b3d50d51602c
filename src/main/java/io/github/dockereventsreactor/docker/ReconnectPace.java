package io.github.dockereventsreactor.docker;

import io.github.dockereventsreactor.core.Backoff;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt to open the event stream: the core's {@link Backoff} from 100 ms
 * doubling to 5 s, each drawn between half and all of that. It starts over only once a stream
 * proved healthy — it delivered an event or stayed up {@link #HEALTHY_AFTER} — so an engine that
 * answers 200 and closes at once, or cuts every stream, is retried at the slow pace, not hundreds
 * of times a second.
 */
final class ReconnectPace {

  static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);
  private final LongSupplier nanoTime;
  private final Backoff delays;
  private int failures;
  private long connectedAt;
  private boolean connected;
  private boolean delivered;

  ReconnectPace(LongSupplier nanoTime, RandomGenerator random) {
    this.nanoTime = nanoTime;
    // Only its delays: the reading loop sleeps them itself, where a stop interrupts it.
    this.delays = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), random, Thread::sleep);
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
      failures = 0;
    }
    connected = false;
    return delays.delayMillis(++failures);
  }
}
