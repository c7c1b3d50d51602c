package io.github.dockereventsreactor.core;

/**
 * Who runs a lane's commands: the lane's own worker threads ({@code run}), or the thread that
 * offers the event ({@code replay} and the fault simulator, on the events' own time). The intake
 * hands its crew every event that passed the rule's gate; the two differ only in where and when
 * {@link Handling} runs, and in what a stop waits for.
 */
sealed interface Crew permits WorkerThreads, CallerThread {

  /** An event passed the rule's gate: into the queue for the workers, or run (or gathered) now. */
  void take(Intake.Work work);

  /**
   * The intake queued an event, under its lock: another worker starts when the rule allows one and
   * an event waits that none is free to take.
   */
  void queued();

  /** The lane retires: whatever the crew holds outside the queue runs now. */
  void retire();

  /** True once nothing of the lane is in flight. */
  boolean finished();

  /** False when a worker has died: the lane's events would wait for ever. */
  boolean alive();

  /**
   * Waits until the queue is done or the deadline, on the lane's clock ({@link Timers#nanoTime}),
   * passes; true when done.
   */
  boolean awaitDrained(long deadlineNanos) throws InterruptedException;

  /** Interrupts the running commands, which kills them. */
  void interrupt();

  /** Waits until the crew has run all it will. */
  void join() throws InterruptedException;
}
