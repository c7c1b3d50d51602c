package io.github.dockereventsreactor.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Which failures of a rule to log when the same failure would come back for every event (a command
 * that is not installed, a webhook whose server is down): the first one in full; those that follow
 * within the window are only counted, and the count is handed over once at the window's end, which
 * opens the next window. A rule failing for ever thus gives one line a minute, not one per event.
 */
final class RepeatedFailures {

  /** Runs a task after a delay: the timer is injected so that tests hold the clock. */
  interface Later {
    void run(Runnable task, Duration delay);
  }

  private final Clock clock;
  private final Duration window;
  private final Later later;
  private final BiConsumer<String, Quiet> summary;
  private final Map<String, Window> windows = new HashMap<>();

  /** Failures kept quiet in one window: how many, and the last one's message. */
  record Quiet(int count, String last) {}

  RepeatedFailures(Clock clock, Duration window, Later later, BiConsumer<String, Quiet> summary) {
    this.clock = clock;
    this.window = window;
    this.later = later;
    this.summary = summary;
  }

  /** Records one failure of the rule: true to log it in full, false when it is only counted. */
  synchronized boolean admit(String rule, String message) {
    Instant now = clock.instant();
    Window current = windows.get(rule);
    // A window past its end with failures counted still awaits its summary: count into it.
    if (current == null || (!now.isBefore(current.end) && current.quiet == 0)) {
      windows.put(rule, new Window(now.plus(window)));
      return true;
    }
    current.last = message;
    if (current.quiet++ == 0) {
      Duration left = Duration.between(now, current.end);
      later.run(() -> close(rule, current), left.isNegative() ? Duration.ZERO : left);
    }
    return false;
  }

  private void close(String rule, Window closing) {
    Quiet quiet;
    synchronized (this) {
      quiet = new Quiet(closing.quiet, closing.last);
      if (windows.get(rule) == closing) {
        // Still failing: the summary stands for the first line of the next window.
        windows.put(rule, new Window(clock.instant().plus(window)));
      }
    }
    summary.accept(rule, quiet);
  }

  /** One rule's window: when it ends, how many failures it kept quiet, the last one's message. */
  private static final class Window {
    final Instant end;
    int quiet;
    String last;

    Window(Instant end) {
      this.end = end;
    }
  }
}
