package io.github.dockereventsreactor.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one log line per kind of failure per period: a failure that repeats with every event or
 * every attempt must say so once a minute, not flood the log. The kinds are few (a place and an
 * exception class), and forgotten all at once should they ever grow past a thousand.
 */
public final class RateLimit {

  private static final int MAX_KINDS = 1_000;

  private final Clock clock;
  private final Duration period;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** When a kind last logged, and how many of it were kept quiet since. */
  private static final class Window {
    private boolean logged;
    private long loggedAt;
    private long quiet;
  }

  public RateLimit(Clock clock, Duration period) {
    this.clock = clock;
    this.period = period;
  }

  /** One line a minute per kind, on the system clock. */
  public static RateLimit perMinute() {
    return new RateLimit(Clock.systemUTC(), Duration.ofMinutes(1));
  }

  /**
   * Whether a failure of this kind may be logged now: if so, how many of the kind were not logged
   * since the last line; empty when it must stay quiet.
   */
  public OptionalLong permit(String kind) {
    if (windows.size() > MAX_KINDS) {
      windows.clear();
    }
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = clock.millis();
    synchronized (window) {
      if (window.logged && now - window.loggedAt < period.toMillis()) {
        window.quiet++;
        return OptionalLong.empty();
      }
      long quiet = window.quiet;
      window.logged = true;
      window.loggedAt = now;
      window.quiet = 0;
      return OptionalLong.of(quiet);
    }
  }
}
