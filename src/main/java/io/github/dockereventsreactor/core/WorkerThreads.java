package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A lane's commands run on its own threads ({@code rule: NAME}), up to the rule's {@code
 * concurrency}, each taking the queue's next event whose turn it is: so a slow rule never delays
 * the reader or other rules. Threads start as the load needs them: the first with the lane, another
 * when an event waits that no free worker may take.
 */
final class WorkerThreads implements Crew {

  private final Rule rule;
  private final Intake intake;
  private final LaneQueue queue;
  private final Handling handling;
  private final Succession succession;
  private final Timers timers;
  private final List<Thread> workers = new CopyOnWriteArrayList<>();

  WorkerThreads(Rule rule, Intake intake, Handling handling, Succession succession, Timers timers) {
    this.rule = rule;
    this.intake = intake;
    this.queue = intake.queue();
    this.handling = handling;
    this.succession = succession;
    this.timers = timers;
    addWorker();
  }

  private void addWorker() {
    int concurrency = rule.options().concurrency();
    Thread worker =
        new Thread(
            this::work, "rule: " + rule.name() + (concurrency > 1 ? " #" + workers.size() : ""));
    workers.add(worker);
    worker.start();
  }

  @Override
  public void take(Intake.Work work) {
    intake.enqueue(work);
  }

  @Override
  public void queued() {
    if (workers.size() < rule.options().concurrency() && queue.understaffed()) {
      addWorker();
    }
  }

  @Override
  public void retire() {
    // The closed queue drains on its own: the workers run what it holds, then end.
  }

  /**
   * Takes the queue's next event whose turn it is, until the lane is closed and drained; while the
   * rule spills, the intake feeds the journal's events back first, as the queue has room.
   */
  private void work() {
    try {
      while (true) {
        Optional<Sequencer.Entry<QueuedEvent>> next = intake.next();
        if (next.isEmpty()) {
          if (queue.drained()) {
            return;
          }
          continue;
        }
        succession.awaitPredecessor();
        queue.taken(next.get().item());
        if (rule.options().batch().isEmpty()) {
          // No stream, no list of entries: the path of every event a rule runs on its own.
          try {
            handling.handle(List.of(next.get().item()));
          } finally {
            queue.done(next.get());
          }
          continue;
        }
        List<Sequencer.Entry<QueuedEvent>> entries =
            gather(next.get(), rule.options().batch().get());
        List<QueuedEvent> events = new ArrayList<>(entries.size());
        entries.forEach(entry -> events.add(entry.item()));
        try {
          handling.handle(events);
        } finally {
          entries.forEach(queue::done);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A batch: the first event and what else waits in the queue, up to the batch's size, waiting up
   * to its linger for more. What arrived while the last command ran is already queued, so the
   * batches grow with the load by themselves, and an idle rule runs at once for one event. A
   * batched rule's events have no sequence: every queued event is ready.
   */
  private List<Sequencer.Entry<QueuedEvent>> gather(
      Sequencer.Entry<QueuedEvent> first, RuleOptions.Batch batch) throws InterruptedException {
    List<Sequencer.Entry<QueuedEvent>> works = new ArrayList<>();
    works.add(first);
    // On the lane's clock; the poll still waits in real time, for what is left of the linger.
    long deadline = timers.nanoTime() + batch.linger().toNanos();
    while (works.size() < batch.max()) {
      Optional<Sequencer.Entry<QueuedEvent>> next =
          queue.poll(deadline - timers.nanoTime(), TimeUnit.NANOSECONDS);
      if (next.isEmpty()) {
        break;
      }
      works.add(next.get());
    }
    // The first left the queue before: the others leave it here.
    works.subList(1, works.size()).forEach(e -> queue.release(e.item()));
    return works;
  }

  @Override
  public boolean finished() {
    return workers.stream().noneMatch(Thread::isAlive);
  }

  @Override
  public boolean alive() {
    return workers.stream().allMatch(Thread::isAlive);
  }

  @Override
  public boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    for (Thread worker : workers) {
      long left = deadlineNanos - timers.nanoTime();
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (worker.isAlive()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void interrupt() {
    workers.forEach(Thread::interrupt);
  }

  @Override
  public void join() throws InterruptedException {
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
