package io.github.dockereventsreactor.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Whether the reactor is ready: its event stream is connected and every registered check passes
 * (the reader not stalled, every rule with its worker, no internal error).
 */
final class Readiness {

  private final Clock clock;
  private final List<Supplier<Optional<String>>> checks = new CopyOnWriteArrayList<>();
  private boolean up;
  private boolean everUp;
  private Instant downSince;

  Readiness(Clock clock) {
    this.clock = clock;
    this.downSince = now();
  }

  void add(Supplier<Optional<String>> check) {
    checks.add(check);
  }

  /** Records the stream's state; true when it came back after a break. */
  synchronized boolean connected(boolean isUp) {
    boolean cameBack = isUp && everUp && !up;
    if (!isUp && up) {
      downSince = now();
    }
    everUp |= isUp;
    up = isUp;
    return cameBack;
  }

  /** Why the reactor is not ready, or empty when it is. */
  Optional<String> notReady() {
    synchronized (this) {
      if (!up) {
        return Optional.of(
            everUp
                ? "the event stream from the Docker engine is disconnected since "
                    + downSince
                    + "; reconnecting"
                : "not yet connected to the Docker engine's event stream");
      }
    }
    for (Supplier<Optional<String>> check : checks) {
      Optional<String> reason = check.get();
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
