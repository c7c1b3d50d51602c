package io.github.dockereventsreactor.rules;

import java.time.Duration;

/**
 * How a rule's commands run: their timeout, how many at once, the queue in front of them and what
 * a full queue drops, and whether the rule receives synthetic events after a gap.
 */
public record RuleOptions(
    Duration timeout, int concurrency, int queue, Overflow overflow, boolean reconcile) {

  public static final RuleOptions DEFAULTS =
      new RuleOptions(Duration.ofSeconds(60), 1, 100_000, Overflow.DROP_NEWEST, false);

  /** What a full queue gives up. */
  public enum Overflow {
    /** Keep what is queued, drop the event that does not fit. */
    DROP_NEWEST("drop-newest"),
    /** Drop the oldest queued event to make room: the latest state wins. */
    DROP_OLDEST("drop-oldest");

    private final String text;

    Overflow(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
