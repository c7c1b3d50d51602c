package io.github.dockereventsreactor.core;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test moves by hand, read from the lanes' threads: each read is counted (a test waits
 * for the n-th read to know a worker has reached a point), and with a step, every read moves it on
 * by that step first. It sets no timers: the tests that use it have no debounce or throttle.
 */
final class ManualTimers implements Timers {

  private final AtomicLong now = new AtomicLong();
  private final long stepNanos;
  private final Semaphore reads = new Semaphore(0);

  /** A clock that stands still until {@link #advance}d. */
  ManualTimers() {
    this(0);
  }

  /** A clock that moves on by {@code stepNanos} at each read. */
  ManualTimers(long stepNanos) {
    this.stepNanos = stepNanos;
  }

  @Override
  public long nanoTime() {
    long read = now.addAndGet(stepNanos);
    reads.release();
    return read;
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    throw new AssertionError("no timer expected");
  }

  void advance(long nanos) {
    now.addAndGet(nanos);
  }

  /** Waits up to ten seconds for {@code count} more reads of the clock; true when they came. */
  boolean awaitReads(int count) throws InterruptedException {
    return reads.tryAcquire(count, 10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
