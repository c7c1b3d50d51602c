package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rule lets through per key, before its queue: everything, the last event of each burst
 * (debounce), or at most N per window (throttle).
 */
abstract class Gate<T> {

  /** Lets {@code item} through (now or later) by calling {@code pass}, or calls {@code hold}. */
  abstract void offer(String key, T item, Consumer<T> pass, Consumer<T> hold);

  /**
   * Gives up every item still waiting to pass, to {@code release}: none of them will pass later.
   * Nothing else is held beyond an offer.
   */
  void release(Consumer<T> release) {}

  /** Whether items are told apart by key (only then is the rule's key rendered). */
  boolean keyed() {
    return true;
  }

  static <T> Gate<T> open() {
    return new Gate<>() {
      @Override
      void offer(String key, T item, Consumer<T> pass, Consumer<T> hold) {
        pass.accept(item);
      }

      @Override
      boolean keyed() {
        return false;
      }
    };
  }

  /**
   * Runs once, for the last event of a burst, after the key has been quiet for {@code quiet}: each
   * new event of the key supersedes (holds) the one waiting.
   *
   * <p>Whoever takes a waiting item out of the map, under the lock, owns it: the timer passes it, a
   * newer event holds it, a release gives it up. So each item ends exactly one way, even when its
   * timer fires while it is being superseded.
   */
  static <T> Gate<T> debounce(Duration quiet, Timers timers) {
    return new Gate<>() {
      private final Map<String, Waiting<T>> waiting = new HashMap<>();

      @Override
      synchronized void offer(String key, T item, Consumer<T> pass, Consumer<T> hold) {
        Waiting<T> next = new Waiting<>(item);
        // Scheduled before it is recorded: a refused schedule leaves nothing half-registered.
        next.timer = timers.schedule(() -> fire(key, next, pass), quiet.toNanos());
        Waiting<T> previous = waiting.put(key, next);
        if (previous != null) {
          previous.timer.cancel();
          hold.accept(previous.item);
        }
      }

      @Override
      void release(Consumer<T> release) {
        List<T> released = new ArrayList<>();
        synchronized (this) {
          for (Waiting<T> w : waiting.values()) {
            w.timer.cancel();
            released.add(w.item);
          }
          waiting.clear();
        }
        released.forEach(release);
      }

      private void fire(String key, Waiting<T> due, Consumer<T> pass) {
        synchronized (this) {
          if (!waiting.remove(key, due)) {
            return;
          }
        }
        pass.accept(due.item);
      }
    };
  }

  /** An item waiting for its key to be quiet. */
  private static final class Waiting<T> {
    final T item;
    Timers.Timer timer;

    Waiting(T item) {
      this.item = item;
    }
  }

  /**
   * At most {@code max} per window of {@code per} per key; the rest are held, and one summary line
   * per key says how many at the end of the window. Windows are measured on the timers' clock.
   */
  static <T> Gate<T> throttle(String rule, int max, Duration per, Timers timers) {
    Logger log = LoggerFactory.getLogger(Gate.class);
    return new Gate<>() {
      private final Map<String, Window> windows = new HashMap<>();

      @Override
      void offer(String key, T item, Consumer<T> pass, Consumer<T> hold) {
        boolean through;
        synchronized (this) {
          long now = timers.nanoTime();
          Window window = windows.get(key);
          if (window == null || now - window.start >= per.toNanos()) {
            window = new Window(now);
            windows.put(key, window);
          }
          through = window.passed < max;
          if (through) {
            window.passed++;
          } else if (window.held++ == 0) {
            Window summarized = window;
            timers.schedule(
                () -> summarize(key, summarized), summarized.start + per.toNanos() - now);
          }
        }
        if (through) {
          pass.accept(item);
        } else {
          hold.accept(item);
        }
      }

      private void summarize(String key, Window window) {
        int held;
        synchronized (this) {
          held = window.held;
          windows.remove(key, window);
        }
        log.atWarn()
            .addKeyValue("rule", rule)
            .log(
                "rule \"{}\": throttled {} events of key {} in the last {} (at most {} per {})",
                rule,
                held,
                key,
                DurationText.format(per),
                max,
                DurationText.format(per));
      }
    };
  }

  /** One throttle window of one key. */
  private static final class Window {
    final long start;
    int passed;
    int held;

    Window(long start) {
      this.start = start;
    }
  }
}
