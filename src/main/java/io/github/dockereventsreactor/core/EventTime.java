package io.github.dockereventsreactor.core;

import java.util.PriorityQueue;

/**
 * Time as recorded events tell it, for {@code replay}: it stands still between events and moves to
 * each event's own time ({@link #advanceTo}) before the event is handled, running on the caller's
 * thread every timer that came due in between, in the order they came due. So a debounce's quiet
 * period, a throttle's window and a batch's linger are measured as {@code run} would have measured
 * them had the events arrived at those times.
 */
public final class EventTime implements Timers {

  /** A timer, ordered by when it comes due and then by when it was set. */
  private static final class Due implements Timer, Comparable<Due> {
    final long at;
    final long order;
    final Runnable task;
    boolean cancelled;

    Due(long at, long order, Runnable task) {
      this.at = at;
      this.order = order;
      this.task = task;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  private final PriorityQueue<Due> timers = new PriorityQueue<>();
  private long now;
  private long set;
  private boolean ended;
  private boolean firing;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    // Saturated: a recorded event may be stamped near the end of a long's range (year 2262),
    // where its debounce would wrap round to a time long past and run at once, time going back.
    long delay = Math.max(0, delayNanos);
    Due due = new Due(now > Long.MAX_VALUE - delay ? Long.MAX_VALUE : now + delay, set++, task);
    timers.add(due);
    return due;
  }

  /**
   * Moves to {@code timeNano}, running each timer due by then at its own time first. Time never
   * goes back: an event stamped before the one handled last is handled at the later time, as a
   * running reactor would handle it when it arrived.
   */
  public void advanceTo(long timeNano) {
    runUntil(Math.max(now, timeNano));
  }

  /**
   * The input ended: runs every timer still set (a debounce's last event, a batch still gathering,
   * a throttle window's summary) at its own time after the last event, as {@code run} would if no
   * further event came.
   */
  public void end() {
    ended = true;
    runUntil(Long.MAX_VALUE);
  }

  /**
   * True while a timer's task runs: what happens now happens at the timer's time, later than the
   * event it concerns (a debounce's quiet period, a batch's linger).
   */
  public boolean firing() {
    return firing;
  }

  /** True once {@link #end} was called: what runs now runs after the last event. */
  public boolean ended() {
    return ended;
  }

  private void runUntil(long until) {
    for (Due next = timers.peek(); next != null && next.at <= until; next = timers.peek()) {
      timers.remove();
      if (!next.cancelled) {
        now = next.at;
        firing = true;
        try {
          next.task.run();
        } finally {
          firing = false;
        }
      }
    }
    if (until != Long.MAX_VALUE) {
      now = until;
    }
  }

  /** Timers set and neither run nor cancelled. */
  int pending() {
    return (int) timers.stream().filter(t -> !t.cancelled).count();
  }
}
