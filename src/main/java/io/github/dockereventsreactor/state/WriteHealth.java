package io.github.dockereventsreactor.state;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a file of the reactor's state can be written now: one log line when its writes begin to
 * fail, one when they work again (never one per event), and meanwhile the reason, for {@code
 * /readyz} and the metrics. A disk that fills up degrades durability, not delivery: what is written
 * here says so.
 */
public final class WriteHealth {

  private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);

  private final String again;
  private final String meanwhile;
  private final Clock clock;
  private String reason;
  private Instant since;
  private long failures;

  /**
   * {@code again} begins the line of the recovery, naming the file ("journal /var/lib/… written");
   * {@code meanwhile} says what the reactor does while it cannot be written.
   */
  WriteHealth(String again, String meanwhile, Clock clock) {
    this.again = again;
    this.meanwhile = meanwhile;
    this.clock = clock;
  }

  /**
   * A write failed, {@code why} naming the file and the reason ("cannot write the journal …: No
   * space left on device"): said once per failing stretch.
   */
  synchronized void failed(String why) {
    failures++;
    if (reason == null) {
      reason = why;
      since = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      LOG.error("{}; {}", reason, meanwhile);
    }
  }

  /** Writes work again (all that had failed is written): said once. */
  synchronized void worked() {
    if (reason != null) {
      LOG.warn("{} again, after {} failed writes since {}", again, failures, since);
      reason = null;
      failures = 0;
    }
  }

  /** Why the file cannot be written now, with since when; empty while it can. */
  public synchronized Optional<String> failure() {
    return reason == null
        ? Optional.empty()
        : Optional.of(reason + " (since " + since + "); " + meanwhile);
  }
}
