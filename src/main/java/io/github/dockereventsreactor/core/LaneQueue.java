package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lane's bounded queue and its accounts: events and bytes against the rule's bounds, bytes
 * against the budget of all rules, given back as events leave, and the bursts of drops. The intake
 * decides what goes in; the workers take out. Apart from both, so that every byte taken is given
 * back in one place, whichever way an event leaves (taken, gathered, dropped as the oldest,
 * abandoned).
 */
final class LaneQueue {

  private final Rule rule;
  private final QueueBudget budget;
  private final Progress progress;
  private final Sequencer<QueuedEvent> events;
  private final AtomicLong bytes = new AtomicLong();
  private final DropBursts bursts;

  LaneQueue(Rule rule, LaneParts parts, RuleOptions.Overflow overflow) {
    this.rule = rule;
    this.budget = parts.budget();
    this.progress = parts.progress();
    this.events = new Sequencer<>(rule.options().queue());
    this.bursts = new DropBursts(rule, overflow, budget, events, bytes);
  }

  /**
   * Queues the work if it fits the rule's bounds (events and bytes) and the budget of all rules;
   * false, taking nothing, otherwise.
   */
  boolean admit(Intake.Work work) {
    long size = QueueBudget.sizeOf(work.event());
    if (bytes.get() + size > rule.options().queueBytes() || !budget.take(size)) {
      return false;
    }
    if (!events.offer(work.sequence(), work.event())) {
      budget.give(size);
      return false;
    }
    bytes.addAndGet(size);
    if (events.size() > 1) {
      // It waits behind another: held as its JSON until its turn (one copy for all rules).
      work.event().waits(progress);
    }
    return true;
  }

  /** The event left the queue: its bytes go back to the rule and to the budget. */
  void release(QueuedEvent event) {
    long size = QueueBudget.sizeOf(event);
    bytes.addAndGet(-size);
    budget.give(size);
  }

  /** Takes the oldest queued event out, its bytes still held (see {@link #release}). */
  Optional<QueuedEvent> pollOldest() {
    return events.pollOldest();
  }

  /** The event is dropped for want of room: the first of a burst says so in the log. */
  void dropped(QueuedEvent event) {
    bursts.dropped(event);
  }

  /** The next event whose turn it is, waiting for one; empty once closed and drained. */
  Optional<Sequencer.Entry<QueuedEvent>> take() throws InterruptedException {
    return events.take();
  }

  /** The next event whose turn it is, waiting at most {@code timeout}. */
  Optional<Sequencer.Entry<QueuedEvent>> poll(long timeout, TimeUnit unit)
      throws InterruptedException {
    return events.poll(timeout, unit);
  }

  /** A worker took the event: its bytes go back, and a burst of drops may end. */
  void taken(QueuedEvent event) {
    release(event);
    bursts.endIfDrained();
  }

  /** The event's actions are done: the next of its sequence may go. */
  void done(Sequencer.Entry<QueuedEvent> entry) {
    events.done(entry);
  }

  /** True once the queue is closed and everything taken from it is done. */
  boolean drained() {
    return events.drained();
  }

  /** True when an event waits that no free worker may take. */
  boolean understaffed() {
    return events.understaffed();
  }

  /** Wakes a worker waiting on the empty queue, to look at the journal. */
  void nudge() {
    events.nudge();
  }

  int size() {
    return events.size();
  }

  /** The heap the queued events are accounted at. */
  long bytes() {
    return bytes.get();
  }

  /** Takes nothing more; what is queued is still handed out. */
  void close() {
    events.close();
  }

  /** Abandons what is queued, its bytes given back. */
  void abandon() {
    events.clear().forEach(this::release);
  }
}
