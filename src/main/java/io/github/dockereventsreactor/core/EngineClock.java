package io.github.dockereventsreactor.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine's own time, as the {@code Date} header of its answers tells it, to judge the stamps of
 * its events by: an event stamped well ahead of it (a bug, a clock that ran ahead and was
 * corrected, a hostile engine) must never become the checkpoint, or every resume would ask for
 * events from the future and get none. Until the engine has answered, the local clock stands in.
 */
public final class EngineClock {

  /** How far ahead of the engine's time an event may be stamped and still count as now. */
  public static final Duration TOLERANCE = Duration.ofMinutes(1);

  private final Clock local;
  // The engine's time minus the local one; the Date header has a resolution of one second.
  private volatile long offsetMillis;

  public EngineClock(Clock local) {
    this.local = local;
  }

  public static EngineClock system() {
    return new EngineClock(Clock.systemUTC());
  }

  /**
   * The engine said it is {@code engineNow} (a {@code Date} header, {@code /info}'s SystemTime).
   */
  public void observe(Instant engineNow) {
    offsetMillis = engineNow.toEpochMilli() - local.millis();
  }

  /** The engine's time now, in Unix nanoseconds. */
  public long nowNanos() {
    return (local.millis() + offsetMillis) * 1_000_000L;
  }

  /**
   * True when an event stamped {@code timeNano} lies more than {@link #TOLERANCE} ahead of the
   * engine.
   */
  public boolean ahead(long timeNano) {
    return timeNano > nowNanos() + TOLERANCE.toNanos();
  }
}
