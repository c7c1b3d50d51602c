package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.template.EventContext;
import java.util.Optional;

/**
 * A lane's place among the versions of its rule that reloads make: the version after it, which
 * takes what still reaches this lane once it is retired, and the version before it, whose queued
 * and running actions go first, so a container's events keep their order across the change. Both
 * are set by the reloading thread and read by the lane's others, hence volatile.
 */
final class Succession {

  // Set by a reload that retires the lane: the rule's new version, or none when it was removed.
  private volatile Optional<Lane> successor = Optional.empty();
  // Set by a reload that changed the rule, before this lane gets any event: the retired version.
  private volatile Lane predecessor;

  /** The lane is retired: {@code successor}, if any, takes what still reaches it. */
  void retired(Optional<Lane> successor) {
    this.successor = successor;
  }

  /**
   * This lane is the new version of a rule the reload retires: its workers act only once the
   * retired lane has run what it holds. Called before the new lane can be offered any event. The
   * order key may change with the rule, so the wait is for the whole retired lane, not per key; it
   * lasts as long as the old version's queue, whose actions are bounded by their timeouts.
   */
  void follow(Lane retired) {
    predecessor = retired;
  }

  /** Waits, once, until the retired version this lane follows has run what it held. */
  void awaitPredecessor() throws InterruptedException {
    Lane before = predecessor;
    if (before != null) {
      before.join();
      predecessor = null;
    }
  }

  /** The rule's new version, when there is one and it still matches the event. */
  Optional<Lane> taker(Optional<EventContext> parsed) {
    Optional<Lane> next = successor;
    if (next.isPresent() && parsed.isPresent() && next.get().rule().matches(parsed.get().event())) {
      return next;
    }
    return Optional.empty();
  }
}
