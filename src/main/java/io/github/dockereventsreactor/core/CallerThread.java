package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lane's commands run on the thread that offers the event, nothing queued: what {@code replay}
 * and the fault simulator need, as one thread moving the events' own time drives them exactly, step
 * by step. Only that one thread (and the timers it moves) touches the batch gathering, so it needs
 * no lock.
 */
final class CallerThread implements Crew {

  private final Rule rule;
  private final Handling handling;
  private final Timers timers;
  private final List<QueuedEvent> gathering = new ArrayList<>();
  // The timer that ends the gathering batch's linger, while one is gathering.
  private Timers.Timer lingering;

  CallerThread(Rule rule, Handling handling, Timers timers) {
    this.rule = rule;
    this.handling = handling;
    this.timers = timers;
  }

  /**
   * Runs the event on the caller's thread: at once, or (batch:) once the batch is full or its
   * linger has passed since its first event on the timers' clock, the batch a worker would gather
   * from a queue that receives the events at their times while no command holds it up.
   */
  @Override
  public void take(Intake.Work work) {
    Optional<RuleOptions.Batch> batch = rule.options().batch();
    if (batch.isEmpty()) {
      handling.handle(List.of(work.event()));
      return;
    }
    gathering.add(work.event());
    boolean linger = !batch.get().linger().isZero();
    if (gathering.size() == 1 && linger) {
      lingering = timers.schedule(this::runGathered, batch.get().linger().toNanos());
    }
    if (gathering.size() >= batch.get().max() || !linger) {
      runGathered();
    }
  }

  private void runGathered() {
    if (lingering != null) {
      lingering.cancel();
      lingering = null;
    }
    List<QueuedEvent> batch = List.copyOf(gathering);
    gathering.clear();
    if (!batch.isEmpty()) {
      handling.handle(batch);
    }
  }

  @Override
  public void queued() {
    // Nothing is ever queued on the caller's thread.
  }

  /** The batch still gathering runs now, before anything the rule's new version takes. */
  @Override
  public void retire() {
    runGathered();
  }

  @Override
  public boolean finished() {
    return true;
  }

  @Override
  public boolean alive() {
    return true;
  }

  @Override
  public boolean awaitDrained(long deadlineNanos) {
    return true;
  }

  @Override
  public void interrupt() {
    // A command on the caller's thread is the caller's to interrupt.
  }

  @Override
  public void join() {
    // Each command ran before its offer returned.
  }
}
