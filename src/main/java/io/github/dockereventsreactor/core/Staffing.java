package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;

/** Where a lane's commands run, the same for every lane of a reactor: each makes its crew. */
enum Staffing {
  /** On the lane's own worker threads, taking from its queue: {@code run}. */
  WORKERS {
    @Override
    Crew hire(Rule rule, Intake intake, Handling handling, Succession succession, Timers timers) {
      return new WorkerThreads(rule, intake, handling, succession, timers);
    }
  },
  /**
   * At once, on the thread that offers the event, or (batch:) when the batch is complete on the
   * timers' clock: {@code replay} on the events' own time. Nothing is queued.
   */
  CALLER {
    @Override
    Crew hire(Rule rule, Intake intake, Handling handling, Succession succession, Timers timers) {
      return new CallerThread(rule, handling, timers);
    }
  };

  /** The crew of one lane: what passes its gate goes to it. */
  abstract Crew hire(
      Rule rule, Intake intake, Handling handling, Succession succession, Timers timers);
}
