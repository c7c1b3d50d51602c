package io.github.dockereventsreactor.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of the reactor's own code while it handles an event (a bug, an input nobody foresaw):
 * each is confined to that step of that event, logged once a minute per kind with the event,
 * counted by its {@link HandlingStep}, and makes the reactor not ready until an event is handled
 * cleanly. Never taken for a lost stream: the next event is handled as if nothing happened.
 */
final class InternalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

  private final ReactorListener listener;
  private final Clock clock;
  private final RateLimit logLimit;
  private final AtomicLong total = new AtomicLong();
  private volatile String last;

  InternalErrors(ReactorListener listener, Clock clock) {
    this.listener = listener;
    this.clock = clock;
    this.logLimit = new RateLimit(clock, Duration.ofMinutes(1));
  }

  /** {@code step} failed on {@code subject} (an event's description, or the head of a line). */
  void report(HandlingStep step, String subject, RuntimeException error) {
    String where = step.label();
    total.incrementAndGet();
    String said = ErrorWords.bug(error);
    last = where + " failed (" + said + ") at " + Instant.ofEpochMilli(clock.millis());
    try {
      listener.internalError(step);
    } catch (RuntimeException ignored) {
      // the count is lost, the log line below still says it
    }
    OptionalLong quiet = logLimit.permit(where + " " + error.getClass().getName());
    if (quiet.isPresent()) {
      LOG.error(
          "internal error in {} while handling {}: {}; the event goes on without it; please"
              + " report it with this line{}",
          where,
          subject,
          said,
          quiet.getAsLong() > 0
              ? " (" + quiet.getAsLong() + " more like it in the last minute)"
              : "");
    }
    // The stack trace is for whoever fixes it, not for the operator's log.
    LOG.debug("internal error in {}", where, error);
  }

  /** How many failures so far: a handler compares it before and after an event. */
  long total() {
    return total.get();
  }

  /** An event was handled without a failure: the reactor is whole again. */
  void clear() {
    last = null;
  }

  /** Why the reactor is not ready, while the last event handled had an internal error. */
  Optional<String> notReady() {
    String failure = last;
    return failure == null
        ? Optional.empty()
        : Optional.of(
            "an internal error: "
                + failure
                + "; ready again at the next event handled without one");
  }
}
