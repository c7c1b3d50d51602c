package io.github.dockereventsreactor.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which failures of a rule to log when the same failure would come back for every event (a command
 * that is not installed, a webhook whose server is down): the first one, then at most one a window
 * per rule, carrying how many were kept quiet since. The metrics count every one; the log need not.
 */
final class RepeatedFailures {

  private final Clock clock;
  private final Duration window;
  private final Map<String, Window> windows = new HashMap<>();

  RepeatedFailures(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /**
   * Records one failure of the rule: to be logged with the number of failures kept quiet since the
   * last one logged, or empty to keep it quiet.
   */
  synchronized OptionalInt admit(String rule) {
    Instant now = clock.instant();
    Window current = windows.get(rule);
    if (current != null && now.isBefore(current.start.plus(window))) {
      current.quiet++;
      return OptionalInt.empty();
    }
    windows.put(rule, new Window(now));
    return OptionalInt.of(current == null ? 0 : current.quiet);
  }

  /** Since when one rule's failures were logged, and how many were kept quiet since. */
  private static final class Window {
    final Instant start;
    int quiet;

    Window(Instant start) {
      this.start = start;
    }
  }
}
