package io.github.dockereventsreactor.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task a scheduler repeats (the checkpoint saver, the journal's commits, the stream's stall
 * watch, the watchdog's pings), guarded: a scheduled executor silently stops repeating a task that
 * throws, so one unexpected exception would end checkpoints or commits for good without a word.
 * Here it is logged (once a minute per kind) and the task runs again at its next period; a {@link
 * VirtualMachineError} goes to the thread's uncaught-exception handler, which ends the process.
 */
public final class Periodic {

  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);
  private static final RateLimit LIMIT = RateLimit.perMinute();

  private Periodic() {}

  /**
   * Runs the task, guarded, first after {@code first} and then {@code every} after each run ends,
   * until the timer shuts down: that is how every repeating task here stops, so no handle to it is
   * kept.
   */
  public static void every(
      ScheduledExecutorService timer, Duration first, Duration every, String what, Runnable task) {
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(
            guarded(what, task), first.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  public static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (VirtualMachineError e) {
        FatalErrors.raise(e);
      } catch (Throwable e) {
        if (LIMIT.permit(what + " " + e.getClass().getName()).isPresent()) {
          LOG.error(
              "{} failed, it runs again at its next period: {}; please report it with this line",
              what,
              ErrorWords.bug(e));
          // The stack trace is for whoever fixes it, not for the operator's log.
          LOG.debug("{} failed", what, e);
        }
      }
    };
  }
}
