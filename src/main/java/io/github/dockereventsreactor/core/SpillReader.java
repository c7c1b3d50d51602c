package io.github.dockereventsreactor.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule's events kept in the journal while its queue was full ({@link SpillRanges}), and their way
 * back: read from the journal in order and queued again as the queue has room. The ranges are
 * guarded by the lane's intake lock, which the methods say when they expect held.
 */
final class SpillReader {

  // The lane's logger: its spill lines keep the logger name they have always had in JSON logs.
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /** The most events one read of the journal feeds back. */
  static final int REFILL_MAX = 512;

  /** The rule's queue, as the reader sees it. */
  interface Queue {

    /** How many events wait in it; under the intake lock. */
    int size();

    /** True once it takes nothing more; under the intake lock. */
    boolean closed();

    /** Wakes a worker waiting on it, to read back; under the intake lock. */
    void nudge();

    /** Queues one event read back, outside the lock; false when it does not fit, to retry later. */
    boolean requeue(EventJournal.Pending pending);
  }

  private final String rule;
  private final Optional<EventJournal> journal;
  private final Object intake;
  private final Queue queue;
  private final SpillRanges spilled = new SpillRanges();
  // Under intake: how many events the queue held when the spill began (or was taken over).
  private int depthAtSpill;
  private final ReentrantLock reading = new ReentrantLock();
  // Logs a journal that cannot be read once, not at every look.
  private boolean failing;

  SpillReader(String rule, Optional<EventJournal> journal, Object intake, Queue queue) {
    this.rule = rule;
    this.journal = journal;
    this.intake = intake;
    this.queue = queue;
  }

  /** True while the rule's new events stay in the journal; under the intake lock. */
  boolean active() {
    return spilled.active();
  }

  /** How many of the rule's events wait in the journal; under the intake lock. */
  long events() {
    return spilled.events();
  }

  /** The rule was offered this event, kept or queued; under the intake lock. */
  void offered(long seq) {
    spilled.offered(seq);
  }

  /** The rule leaves this event in the journal, while it spills; under the intake lock. */
  void keepBehind(long seq) {
    spilled.add(seq);
  }

  /**
   * The rule leaves this event in the journal; under the intake lock. True when this begins the
   * spill: the queue is full at {@code queued} events.
   */
  boolean keep(long seq, int queued) {
    boolean begins = !spilled.active();
    if (begins) {
      depthAtSpill = queued;
    }
    spilled.add(seq);
    return begins;
  }

  /**
   * Feeds spilled events back from the journal, in order, once the queue has drained to half of
   * what it held when the spill began, up to that depth again; the spill ends when the journal has
   * nothing more for the rule. One worker at a time; the others run what is queued.
   */
  void refill() {
    if (journal.isEmpty() || !reading.tryLock()) {
      return;
    }
    try {
      while (true) {
        SpillRanges.Range range;
        int room;
        synchronized (intake) {
          if (!spilled.active() || queue.closed()) {
            return;
          }
          range = spilled.next();
          int target = Math.max(depthAtSpill, 16);
          int size = queue.size();
          room = size <= target / 2 ? Math.min(target - size, REFILL_MAX) : 0;
        }
        if (room <= 0) {
          return;
        }
        List<EventJournal.Pending> back;
        try {
          back = journal.get().spilled(rule, range.from(), range.to(), room);
          failing = false;
        } catch (IOException e) {
          if (!failing) {
            LOG.error(
                "rule \"{}\": cannot read its events back from the journal, retrying: {}",
                rule,
                e.getMessage());
          }
          failing = true;
          return;
        }
        for (EventJournal.Pending pending : back) {
          if (!queue.requeue(pending)) {
            return;
          }
          synchronized (intake) {
            spilled.readUpTo(pending.seq());
          }
        }
        if (back.size() == room) {
          continue;
        }
        synchronized (intake) {
          if (spilled.exhausted(range)) {
            LOG.warn("rule \"{}\": caught up with the events kept in the journal", rule);
            return;
          }
        }
      }
    } finally {
      reading.unlock();
    }
  }

  /**
   * Every range, for the rule's next version or to end; none is left here. Never while a worker
   * reads back: an event it has just queued stays in the ranges until it marks it read, and handed
   * over then it would run a second time (and the worker would find no range to mark).
   */
  SpillRanges.Spill handOver() {
    reading.lock();
    try {
      synchronized (intake) {
        return spilled.handOver();
      }
    } finally {
      reading.unlock();
    }
  }

  /**
   * The ranges the rule's previous version left, read back before this version's own: never while a
   * worker reads back the ranges, as the older ones go in front of them.
   */
  void takeOver(SpillRanges.Spill older) {
    reading.lock();
    try {
      synchronized (intake) {
        spilled.takeOver(older);
        depthAtSpill = Math.max(depthAtSpill, queue.size());
        queue.nudge();
      }
    } finally {
      reading.unlock();
    }
  }

  /**
   * Reads back every event of {@code left} (the rule is removed) for {@code removed} to be done
   * with; a journal that cannot be read keeps the rest until the next start.
   */
  void end(SpillRanges.Spill left, Consumer<EventJournal.Pending> removed) {
    try {
      for (SpillRanges.Range range : left.ranges()) {
        long from = range.from();
        while (from <= range.to()) {
          List<EventJournal.Pending> back =
              journal.get().spilled(rule, from, range.to(), REFILL_MAX);
          if (back.isEmpty()) {
            break;
          }
          back.forEach(removed);
          from = back.get(back.size() - 1).seq() + 1;
        }
      }
    } catch (IOException e) {
      LOG.error(
          "rule \"{}\" removed: its events in the journal stay there until the next start: {}",
          rule,
          e.getMessage());
    }
  }
}
