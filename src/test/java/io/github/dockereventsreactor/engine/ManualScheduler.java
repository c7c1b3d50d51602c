package io.github.dockereventsreactor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler and a clock that the test moves by hand: {@link #advance} runs, on the test's thread,
 * every task that comes due, so timed logic is tested without waiting on real time.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private long now;
  private final List<Task> tasks = new ArrayList<>();

  /** The scheduler's time in nanoseconds, for the code under test as its {@code nanoTime}. */
  synchronized long nanoTime() {
    return now;
  }

  /** Moves time on by {@code step}, running each task due by then in the order they come due. */
  void advance(Duration step) {
    long until;
    synchronized (this) {
      until = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.due <= until)
                .min(Comparator.comparingLong(t -> t.due))
                .orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = next.due;
      }
      next.done = true;
      next.action.run();
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return tasks.size();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(now + unit.toNanos(delay), command);
    tasks.add(task);
    return task;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  /** One scheduled task; cancelling takes it off the list. */
  private final class Task implements ScheduledFuture<Object> {
    final long due;
    final Runnable action;
    boolean done;
    boolean cancelled;

    Task(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (ManualScheduler.this) {
        cancelled = tasks.remove(this);
        return cancelled;
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
