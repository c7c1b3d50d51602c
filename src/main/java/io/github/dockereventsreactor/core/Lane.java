package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import java.util.Optional;

/**
 * One rule's lane, as the reactor sees it: events go in through its {@link Intake} (gate, overflow
 * and spill) to its {@link LaneQueue}, its {@link Crew} runs them (its own workers, or the caller's
 * thread) through {@link Handling}, in the rule's order (one at a time per actor, by default), so a
 * slow rule never delays the reader or other rules. Its {@link Succession} ties it to the versions
 * of its rule that reloads make.
 */
final class Lane {

  private final Rule rule;
  private final Succession succession = new Succession();
  private final Intake intake;
  private final LaneQueue queue;
  private final Crew crew;

  Lane(Rule rule, LaneParts parts) {
    this.rule = rule;
    // The intake makes the crew, as each needs the other: what passes the gate goes to the crew,
    // and the workers take from the intake's queue.
    this.intake = new Intake(rule, parts, new Handling(rule, parts), succession);
    this.queue = intake.queue();
    this.crew = intake.crew();
  }

  Rule rule() {
    return rule;
  }

  /** Takes the event for this rule, without ever waiting (see {@link Intake#offer}). */
  void offer(QueuedEvent event) {
    intake.offer(event);
  }

  /** This lane is the rule's new version: it acts once {@code retired} has run what it holds. */
  void follow(Lane retired) {
    succession.follow(retired);
  }

  /** What the rule's retired version left in the journal: fed back before new events. */
  void takeOver(SpillRanges.Spill older) {
    intake.takeOver(older);
  }

  /** Accepts no more work; what is queued still runs. */
  void close() {
    intake.close();
  }

  /**
   * For a rule a reload removed or changed: accepts no more work and lets what is queued run. The
   * events waiting in its debounce go to the rule's new version, when it has one that still matches
   * them; the others are reported as {@link Outcome.RuleRemoved}. Every ticket the lane was given
   * completes (or moves on with its event), so the checkpoint keeps moving.
   */
  void retire(Optional<Lane> successor) {
    succession.retired(successor);
    close();
    crew.retire();
    intake.handOver(successor);
  }

  /** True once the workers have ended: nothing of this lane is in flight. */
  boolean finished() {
    return crew.finished();
  }

  int queued() {
    return queue.size();
  }

  /** The heap the queued events are accounted at. */
  long queuedBytes() {
    return queue.bytes();
  }

  /** The events this rule left in the journal while its queue was full. */
  long spilledEvents() {
    return intake.spilledEvents();
  }

  /** False when a worker of this open lane has died: its events would wait for ever. */
  boolean working() {
    return intake.closed() || crew.alive();
  }

  /**
   * Waits until the queue is done or the deadline, on the lane's clock ({@link Timers#nanoTime}),
   * passes; true when done.
   */
  boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    return crew.awaitDrained(deadlineNanos);
  }

  /** Abandons what is queued and interrupts the running commands, which kills them. */
  void abort() {
    queue.abandon();
    crew.interrupt();
  }

  void join() throws InterruptedException {
    crew.join();
  }
}
