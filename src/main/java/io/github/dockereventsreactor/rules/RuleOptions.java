package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.github.dockereventsreactor.template.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a rule's actions run: their timeout, how many at once and in what order, the queue in front
 * of them and what a full queue drops, whether the rule receives synthetic events after a gap,
 * whether it is the last rule considered, its debounce or throttle per key, and whether its events
 * run in batches.
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
    long queueBytes,
    Order order) {

  public static final RuleOptions DEFAULTS =
      new RuleOptions(
          Duration.ofSeconds(60),
          4,
          100_000,
          Overflow.DEFAULT,
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          Template.ACTOR_ID,
          Optional.empty(),
          Long.MAX_VALUE,
          Order.ACTOR);

  /**
   * The share of the maximum heap that the events queued for all rules may take together, whatever
   * their own bounds: the engine enforces it, {@code check} warns of a {@code queue:} size above
   * it.
   */
  public static final double QUEUE_HEAP_SHARE = 0.4;

  /** At most {@code max} runs per window of {@code per}, per key. */
  public record Throttle(int max, Duration per) {}

  /**
   * Group commit for slow commands: the events that arrive while the rule's command runs go to the
   * next command together, up to {@code max}; {@code linger} waits that long for more before a
   * command starts (zero: an idle rule runs at once for a single event).
   */
  public record Batch(int max, Duration linger) {}

  /**
   * Which of a rule's events run one at a time, in event order. Events of one container (volume,
   * network, …) are what depend on each other: its start must not overtake its destroy. Events of
   * different containers do not, and holding them in one line costs every burst its tail.
   */
  public enum Order {
    /** Per actor ({@code Actor.ID}): one at a time per actor, actors in parallel. */
    ACTOR("actor") {
      @Override
      public Optional<Lookup> sequence(EventContext context, Template key) {
        return Optional.of(Lookup.found(context.event().actor().id()));
      }
    },
    /** Per value of the rule's {@code key:}. */
    KEY("key") {
      @Override
      public Optional<Lookup> sequence(EventContext context, Template key) {
        return Optional.of(key.render(context));
      }
    },
    /** The whole rule: one at a time, in event order (one worker takes the queue in order). */
    RULE("rule") {
      @Override
      public Optional<Lookup> sequence(EventContext context, Template key) {
        return Optional.empty();
      }
    },
    /** None: as many at once as the concurrency allows. */
    NONE("none") {
      @Override
      public Optional<Lookup> sequence(EventContext context, Template key) {
        return Optional.empty();
      }
    };

    private final String text;

    Order(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /**
     * What the event waits for: the events before it with the same value (empty: nothing), or why
     * it has no value (an event without the rule's key).
     */
    public abstract Optional<Lookup> sequence(EventContext context, Template key);
  }

  /** What a full queue gives up. */
  public enum Overflow {
    /** Keep what is queued, drop the event that does not fit. */
    DROP_NEWEST("drop-newest"),
    /** Drop the oldest queued event to make room: the latest state wins. */
    DROP_OLDEST("drop-oldest"),
    /**
     * Keep what does not fit in the journal and feed it back, in order, as the rule catches up;
     * without a journal (no state file), drop the newest.
     */
    SPILL("spill"),
    /** Not said: spill with a journal, drop the newest without one. */
    DEFAULT("drop-newest or spill");

    /** What a rules file may say. */
    public static final List<Overflow> CHOICES = List.of(DROP_NEWEST, DROP_OLDEST, SPILL);

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
    parts.add("timeout " + DurationText.format(timeout));
    parts.add("concurrency " + concurrency);
    parts.add("order " + order.text() + (order == Order.KEY ? " " + key.source() : ""));
    parts.add(
        "queue "
            + queue
            + (queueBytes == Long.MAX_VALUE ? "" : " or " + (queueBytes >> 10) + " KiB")
            + " "
            + overflow.text());
    if (reconcile) {
      parts.add("reconcile");
    }
    if (stop) {
      parts.add("stop");
    }
    batch.ifPresent(
        b ->
            parts.add(
                "batch "
                    + b.max()
                    + (b.linger().isZero() ? "" : " linger " + DurationText.format(b.linger()))));
    debounce.ifPresent(
        d -> parts.add("debounce " + DurationText.format(d) + " by " + key.source()));
    throttle.ifPresent(
        t ->
            parts.add(
                "throttle "
                    + t.max()
                    + " per "
                    + DurationText.format(t.per())
                    + " by "
                    + key.source()));
    return "(" + String.join(", ", parts) + ")";
  }
}
