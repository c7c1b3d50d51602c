package io.github.dockereventsreactor.core;

/** Where a lane's commands run, the same for every lane of a reactor. */
enum Staffing {
  /** On the lane's own worker threads, taking from its queue: {@code run}. */
  WORKERS,
  /**
   * At once, on the thread that offers the event, or (batch:) when the batch is complete on the
   * timers' clock: {@code replay} on the events' own time. Nothing is queued.
   */
  CALLER
}
