package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a rule's actions run: their timeout, how many at once, the queue in front of them and what a
 * full queue drops, whether the rule receives synthetic events after a gap, whether it is the last
 * rule considered, its debounce or throttle per key, and whether its events run in batches.
 */
public record RuleOptions(
    Duration timeout,
    int concurrency,
    int queue,
    Overflow overflow,
    boolean reconcile,
    boolean stop,
    Optional<Duration> debounce,
    Optional<Throttle> throttle,
    Template key,
    Optional<Batch> batch,
    long queueBytes) {

  public static final RuleOptions DEFAULTS =
      new RuleOptions(
          Duration.ofSeconds(60),
          1,
          100_000,
          Overflow.DROP_NEWEST,
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          Template.ACTOR_ID,
          Optional.empty(),
          Long.MAX_VALUE);

  /**
   * The share of the maximum heap that the events queued for all rules may take together, whatever
   * their own bounds: the engine enforces it, {@code check} warns of a {@code queue:} size above it.
   */
  public static final double QUEUE_HEAP_SHARE = 0.4;

  /** At most {@code max} runs per window of {@code per}, per key. */
  public record Throttle(int max, Duration per) {}

  /**
   * Group commit for slow commands: the events that arrive while the rule's command runs go to
   * the next command together, up to {@code max}; {@code linger} waits that long for more before
   * a command starts (zero: an idle rule runs at once for a single event).
   */
  public record Batch(int max, Duration linger) {}

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

  String describe() {
    List<String> parts = new ArrayList<>();
    parts.add("timeout " + timeout.toMillis() + "ms");
    parts.add("concurrency " + concurrency);
    parts.add(
        "queue " + queue + (queueBytes == Long.MAX_VALUE ? "" : " or " + (queueBytes >> 10) + " KiB")
            + " " + overflow.text());
    if (reconcile) {
      parts.add("reconcile");
    }
    if (stop) {
      parts.add("stop");
    }
    batch.ifPresent(b -> parts.add("batch " + b.max() + (b.linger().isZero() ? "" : " linger " + b.linger().toMillis() + "ms")));
    debounce.ifPresent(d -> parts.add("debounce " + d.toMillis() + "ms by " + key.source()));
    throttle.ifPresent(
        t -> parts.add("throttle " + t.max() + " per " + t.per().toMillis() + "ms by " + key.source()));
    return "(" + String.join(", ", parts) + ")";
  }
}
