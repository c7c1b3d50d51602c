package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a full queue's drops say in the log: one line when a burst begins, naming the bound that was
 * reached (the rule's events, its bytes, or the budget of all rules), and one summary when the
 * queue is back to half of what it held then. A burst of thousands of drops stays two lines; each
 * dropped event is still reported as its own outcome.
 */
final class DropBursts {

  // The lane's logger, whichever part of the lane writes: operators know its lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  private final Rule rule;
  private final RuleOptions.Overflow overflow;
  private final QueueBudget budget;
  private final Sequencer<QueuedEvent> queue;
  private final AtomicLong queuedBytes;
  private final AtomicLong dropsInBurst = new AtomicLong();
  // How many events were queued when a burst began dropping: it ends when half of that drained.
  private volatile int depthAtFirstDrop;

  DropBursts(
      Rule rule,
      RuleOptions.Overflow overflow,
      QueueBudget budget,
      Sequencer<QueuedEvent> queue,
      AtomicLong queuedBytes) {
    this.rule = rule;
    this.overflow = overflow;
    this.budget = budget;
    this.queue = queue;
    this.queuedBytes = queuedBytes;
  }

  /** The event is dropped: the first of a burst says which bound the queue reached. */
  void dropped(QueuedEvent event) {
    if (dropsInBurst.getAndIncrement() != 0) {
      return;
    }
    depthAtFirstDrop = queue.size();
    String policy =
        overflow == RuleOptions.Overflow.DROP_OLDEST
            ? "dropping the oldest queued events"
            : "dropping new events";
    if (queue.size() >= rule.options().queue()) {
      LOG.warn(
          "rule \"{}\": queue full ({} events), {} until it drains",
          rule.name(),
          rule.options().queue(),
          policy);
    } else if (queuedBytes.get() + QueueBudget.sizeOf(event) > rule.options().queueBytes()) {
      LOG.warn(
          "rule \"{}\": queue full ({} KiB in {} events), {} until it drains",
          rule.name(),
          rule.options().queueBytes() >> 10,
          queue.size(),
          policy);
    } else {
      LOG.warn(
          "rule \"{}\": the queues of all rules are full ({} KiB, {} % of the heap; this rule holds {}"
              + " events), {} until it drains",
          rule.name(),
          budget.limit() >> 10,
          Math.round(QueueBudget.HEAP_SHARE * 100),
          queue.size(),
          policy);
    }
  }

  /** A burst ends when the queue is back to half full: one summary line for the whole burst. */
  void endIfDrained() {
    if (dropsInBurst.get() > 0 && queue.size() <= depthAtFirstDrop / 2) {
      long dropped = dropsInBurst.getAndSet(0);
      if (dropped > 0) {
        LOG.warn(
            "rule \"{}\": queue has room again after dropping {} events", rule.name(), dropped);
      }
    }
  }
}
