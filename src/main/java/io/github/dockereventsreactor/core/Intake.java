package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lane's way in, on the offering thread and without ever waiting: the rule's key and order
 * rendered, its debounce or throttle, then its {@link LaneQueue} when the event fits; a full queue
 * spills to the journal or drops by the rule's overflow policy. Apart from the crew that takes the
 * events out, so that what a full queue does reads in one place, whoever runs the commands. The
 * lock here orders every entry into the queue with the lane's close and with the spill's state.
 */
final class Intake {

  // The lane's logger, whichever part of the lane writes: operators know its lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /** An event on its way to this rule's queue, and what it is ordered by (null: nothing). */
  record Work(QueuedEvent event, String sequence) {}

  /** How long a spilling lane's idle worker waits before it looks at the journal again. */
  private static final long SPILL_POLL_MS = 100;

  private final Rule rule;
  private final LaneParts parts;
  private final Handling handling;
  private final Succession succession;
  private final Gate<Work> gate;
  private final RuleOptions.Overflow overflow;
  private final LaneQueue queue;
  private final Object lock = new Object();
  private volatile boolean closed;
  // While spilling (under the lock): every new event for this rule stays in the journal, and the
  // workers feed what is there back in order as the queue drains.
  private final SpillReader spill;
  // Made last: the workers it starts take from what the lines above made.
  private final Crew crew;

  Intake(Rule rule, LaneParts parts, Handling handling, Succession succession) {
    this.rule = rule;
    this.parts = parts;
    this.handling = handling;
    this.succession = succession;
    this.gate = gate(rule, parts.timers());
    this.overflow = overflow(rule, parts.journal().isPresent());
    this.queue = new LaneQueue(rule, parts, overflow);
    this.spill = new SpillReader(rule.name(), parts.journal(), lock, new SpillQueue());
    this.crew = parts.staffing().hire(rule, this, handling, succession, parts.timers());
  }

  private static Gate<Work> gate(Rule rule, Timers timers) {
    RuleOptions options = rule.options();
    return options.debounce().isPresent()
        ? Gate.debounce(options.debounce().get(), timers)
        : options.throttle().isPresent()
            ? Gate.throttle(
                rule.name(), options.throttle().get().max(), options.throttle().get().per(), timers)
            : Gate.open();
  }

  /**
   * What a full queue gives up: as the rule says; by default, and for {@code spill}, the journal
   * keeps what does not fit when there is one (a rule with a debounce or throttle drops the newest,
   * as they pass events on their own clock, not in the order read).
   */
  private static RuleOptions.Overflow overflow(Rule rule, boolean journaled) {
    RuleOptions options = rule.options();
    RuleOptions.Overflow said = options.overflow();
    boolean spills = journaled && options.debounce().isEmpty() && options.throttle().isEmpty();
    if (said == RuleOptions.Overflow.DEFAULT) {
      return spills ? RuleOptions.Overflow.SPILL : RuleOptions.Overflow.DROP_NEWEST;
    }
    if (said == RuleOptions.Overflow.SPILL && !spills) {
      LOG.warn(
          "rule \"{}\": overflow: spill needs the journal (a state file) and no throttle: a full"
              + " queue drops the newest events",
          rule.name());
      return RuleOptions.Overflow.DROP_NEWEST;
    }
    return said;
  }

  /** Who runs what passes the gate. */
  Crew crew() {
    return crew;
  }

  /** What passes the gate and fits waits here for the workers. */
  LaneQueue queue() {
    return queue;
  }

  /**
   * Hands the event to the rule's debounce or throttle, then its crew, without ever waiting. The
   * key is rendered here, on the reading thread, from the event's own fields (the loader allows
   * nothing else): an event without the key's value is skipped with the reason rather than counted
   * under an empty key. So is the value the event is ordered by (its actor, or the key).
   */
  void offer(QueuedEvent event) {
    synchronized (lock) {
      long seq = event.ticket().seq();
      spill.offered(seq);
      if (spill.active() && !closed && seq != Progress.UNJOURNALED) {
        // Behind what the journal keeps for this rule: there it waits its turn too.
        spill.keepBehind(seq);
        return;
      }
    }
    Optional<EventContext> parsed = event.context(parts.facts());
    if (parsed.isEmpty()) {
      handling.finishUnreadable(event);
      return;
    }
    EventContext context = parsed.get();
    RuleOptions options = rule.options();
    Lookup key = gate.keyed() ? options.key().render(context) : Lookup.found("");
    Optional<Lookup> sequence = options.order().sequence(context, options.key());
    Work work = new Work(event, sequence.map(Intake::found).orElse(null));
    Optional<String> missing = key.missing().or(() -> sequence.flatMap(Lookup::missing));
    if (missing.isPresent()) {
      handling.finish(work.event(), new Outcome.Skipped("key " + missing.get()));
      return;
    }
    boolean removed;
    synchronized (lock) {
      // A reload may retire the lane between the reader's look at the rules and this offer: once
      // retired, nothing may enter the gate, whose release has already run.
      removed = closed;
      if (!removed) {
        pass(found(key), work);
      }
    }
    if (removed) {
      passOn(work.event());
    }
  }

  /**
   * An event that reached this lane after a reload retired it: the reader matched it against the
   * rules a moment before the swap. It goes to the rule's new version when that still matches it,
   * as the events held in the debounce do; otherwise the rule is gone for it, and the log says so.
   */
  private void passOn(QueuedEvent event) {
    Optional<EventContext> parsed = event.context(parts.facts());
    Optional<Lane> next = succession.taker(parsed);
    if (next.isPresent()) {
      next.get().offer(event);
      return;
    }
    LOG.warn(
        "rule \"{}\" removed by a reload: dropped {}, which reached it as the rules changed",
        rule.name(),
        parsed.map(p -> p.event().describe()).orElse("an event"));
    handling.finish(event, new Outcome.RuleRemoved());
  }

  /** The value found, or null for a missing one (which never gets as far as the queue). */
  private static String found(Lookup lookup) {
    return lookup.orElse(null);
  }

  private void pass(String key, Work work) {
    boolean debounced = rule.options().debounce().isPresent();
    try {
      gate.offer(
          key,
          work,
          crew::take,
          held ->
              handling.finish(
                  held.event(), debounced ? new Outcome.Debounced() : new Outcome.Throttled()));
    } catch (RuntimeException e) {
      handling.finish(
          work.event(),
          new Outcome.Failed((debounced ? "debounce: " : "throttle: ") + ErrorWords.bug(e)));
    }
  }

  /**
   * Queues the work, or drops an event by the overflow policy, or (once closed) hands it on as a
   * retired lane does. Under the lock that close() takes: once closed, nothing enters the queue, so
   * a worker that saw it closed and empty may end without leaving a ticket behind.
   */
  void enqueue(Work work) {
    List<QueuedEvent> dropped = new ArrayList<>(1);
    boolean removed;
    synchronized (lock) {
      removed = closed;
      if (!removed && admit(work)) {
        return;
      }
      long seq = work.event().ticket().seq();
      if (!removed && overflow == RuleOptions.Overflow.SPILL && seq != Progress.UNJOURNALED) {
        spill(seq);
        return;
      }
      if (!removed && overflow == RuleOptions.Overflow.DROP_OLDEST) {
        // As many of the oldest as it takes: by bytes, one large event may need several places.
        QueuedEvent oldest = queue.pollOldest().orElse(null);
        while (oldest != null && !admit(work)) {
          queue.release(oldest);
          dropped.add(oldest);
          oldest = queue.pollOldest().orElse(null);
        }
        if (oldest != null) {
          queue.release(oldest);
          dropped.add(oldest);
        } else {
          dropped.add(work.event());
        }
      } else if (!removed) {
        dropped.add(work.event());
      }
    }
    if (removed) {
      passOn(work.event());
      return;
    }
    for (QueuedEvent lost : dropped) {
      queue.dropped(lost);
      handling.finish(lost, new Outcome.Dropped(rule.options().queue()));
    }
  }

  /**
   * The queue is full: from this event on, the rule's events stay in the journal until the workers
   * have fed them back; a worker waiting on an empty queue (the budget of all rules ran out) is
   * woken to do so. Under the lock.
   */
  private void spill(long seq) {
    if (spill.keep(seq, queue.size())) {
      LOG.warn(
          "rule \"{}\": queue full ({} events, {} KiB), keeping new events in the journal until it"
              + " catches up",
          rule.name(),
          queue.size(),
          queue.bytes() >> 10);
      queue.nudge();
    }
  }

  /**
   * Queues the work if it fits, and tells the crew, under the lock; false, taking nothing, else.
   */
  private boolean admit(Work work) {
    if (!queue.admit(work)) {
      return false;
    }
    crew.queued();
    return true;
  }

  /**
   * The queue's next event whose turn it is, for a worker; while the rule spills, the journal's
   * events are fed back first, as the queue has room, and the wait is short so it looks again.
   */
  Optional<Sequencer.Entry<QueuedEvent>> next() throws InterruptedException {
    spill.refill();
    return spillingNow() ? queue.poll(SPILL_POLL_MS, TimeUnit.MILLISECONDS) : queue.take();
  }

  private boolean spillingNow() {
    synchronized (lock) {
      return spill.active() && !closed;
    }
  }

  /** The queue as the spill reader sees it: the events it reads back go in here. */
  private final class SpillQueue implements SpillReader.Queue {

    @Override
    public int size() {
      return queue.size();
    }

    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void nudge() {
      queue.nudge();
    }

    /** Queues one event fed back from the journal; false, when it does not fit, to retry later. */
    @Override
    public boolean requeue(EventJournal.Pending pending) {
      QueuedEvent event =
          new QueuedEvent(
              new EventContext(pending.event(), parts.facts()),
              parts.progress().recovered(1, pending.seq()));
      event.offered(parts.progress());
      RuleOptions options = rule.options();
      Optional<Lookup> sequence =
          options.order().sequence(event.context(parts.facts()).get(), options.key());
      Optional<String> missing = sequence.flatMap(Lookup::missing);
      if (missing.isPresent()) {
        handling.finish(event, new Outcome.Skipped("key " + missing.get()));
        return true;
      }
      synchronized (lock) {
        if (closed) {
          // Stays in the journal for the next start.
          return false;
        }
        return admit(new Work(event, sequence.map(Intake::found).orElse(null)));
      }
    }
  }

  /** Accepts no more work; what is queued still runs. */
  void close() {
    synchronized (lock) {
      closed = true;
    }
    queue.close();
  }

  boolean closed() {
    return closed;
  }

  /**
   * The lane is retired: what it left in the journal, and the events waiting in its debounce, go to
   * the rule's new version when it has one that still matches them; the others are reported as
   * {@link Outcome.RuleRemoved}. Every ticket the lane was given completes (or moves on with its
   * event), so the checkpoint keeps moving.
   */
  void handOver(Optional<Lane> successor) {
    handOverSpill(successor);
    AtomicLong dropped = new AtomicLong();
    gate.release(
        work -> {
          Optional<Lane> next = succession.taker(work.event().context(parts.facts()));
          if (next.isPresent()) {
            next.get().offer(work.event());
            work.event().offered(parts.progress());
          } else {
            dropped.incrementAndGet();
            handling.finish(work.event(), new Outcome.RuleRemoved());
          }
        });
    if (dropped.get() > 0) {
      LOG.warn(
          "rule \"{}\" removed by a reload: dropped {} events waiting in its debounce",
          rule.name(),
          dropped.get());
    }
  }

  /**
   * What this lane left in the journal goes to the rule's new version, which feeds it back before
   * its own new events; a rule removed is done with it.
   */
  private void handOverSpill(Optional<Lane> successor) {
    SpillRanges.Spill left = spill.handOver();
    if (left.ranges().isEmpty()) {
      return;
    }
    if (successor.isPresent()) {
      successor.get().takeOver(left);
      return;
    }
    spill.end(
        left,
        pending ->
            handling.finish(
                new QueuedEvent(
                    new EventContext(pending.event(), parts.facts()),
                    parts.progress().recovered(1, pending.seq())),
                new Outcome.RuleRemoved()));
  }

  /** What the rule's retired version left in the journal: fed back before new events. */
  void takeOver(SpillRanges.Spill older) {
    spill.takeOver(older);
  }

  /** The events this rule left in the journal while its queue was full. */
  long spilledEvents() {
    synchronized (lock) {
      return spill.events();
    }
  }
}
