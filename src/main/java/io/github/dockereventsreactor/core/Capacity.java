package io.github.dockereventsreactor.core;

import java.util.concurrent.Semaphore;

/**
 * What the reactors of one process share whatever engine their events come from: the slots of the
 * commands that may run at once ({@code --max-running}) and the heap budget of all queued events. A
 * reactor of several engines has one reactor per engine, and one capacity for them all.
 */
public final class Capacity {

  final Semaphore running;
  // One budget for the queues of all rules, as for the heap they share.
  final QueueBudget budget = QueueBudget.ofHeap(Runtime.getRuntime().maxMemory());

  /** At most {@code maxRunning} commands at once, all rules of all engines together. */
  public Capacity(int maxRunning) {
    this.running = new Semaphore(maxRunning);
  }
}
