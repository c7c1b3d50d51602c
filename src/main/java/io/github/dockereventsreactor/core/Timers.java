package io.github.dockereventsreactor.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock and the timers a rule's debounce, throttle and batch linger run on: the machine's time
 * while running, the events' own time in a replay ({@link EventTime}).
 */
public interface Timers {

  /** Now, in nanoseconds on this clock (only differences mean anything). */
  long nanoTime();

  /** Runs {@code task} once, {@code delayNanos} from now on this clock, unless cancelled before. */
  Timer schedule(Runnable task, long delayNanos);

  /** A task scheduled and not yet run. */
  interface Timer {
    /** The task will not run, unless it already started. */
    void cancel();
  }

  /** The machine's monotonic time, with the scheduler's threads running the tasks. */
  static Timers of(ScheduledExecutorService scheduler) {
    return new Timers() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Timer schedule(Runnable task, long delayNanos) {
        // A scheduled task's error would stay in its future, which nobody reads.
        ScheduledFuture<?> future =
            scheduler.schedule(FatalErrors.raising(task), delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }
    };
  }
}
