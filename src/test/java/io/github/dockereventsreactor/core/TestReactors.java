package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Reactors and lanes of the unit tests: rules from text, no engine behind them, no saved position,
 * no journal for a lane.
 */
final class TestReactors {

  private TestReactors() {}

  static Reactor of(
      String rules,
      ActionExecutor executor,
      ReactorListener listener,
      int maxRunning,
      Optional<EventJournal> journal)
      throws Exception {
    return Reactor.running(
        new Reactor.Parts(
            RulesLoader.parse("r.yml", rules),
            ContainerFacts.none("no engine"),
            List::of,
            EngineClock.system(),
            executor,
            listener),
        new Reactor.Start(Optional.empty(), journal),
        new Capacity(maxRunning));
  }

  /** A rule's lane on its own worker threads, up to four commands at once. */
  static Lane lane(
      Rule rule,
      ActionExecutor executor,
      ReactorListener listener,
      Progress progress,
      ScheduledExecutorService timers,
      QueueBudget budget) {
    return lane(rule, executor, listener, progress, Timers.of(timers), budget);
  }

  /** A rule's lane on its own worker threads, its lingers measured on {@code timers}. */
  static Lane lane(
      Rule rule,
      ActionExecutor executor,
      ReactorListener listener,
      Progress progress,
      Timers timers,
      QueueBudget budget) {
    return lane(rule, executor, listener, progress, timers, new Semaphore(4), budget);
  }

  /** A rule's lane whose commands take the {@code --max-running} permits of {@code running}. */
  static Lane lane(
      Rule rule,
      ActionExecutor executor,
      ReactorListener listener,
      Progress progress,
      Timers timers,
      Semaphore running,
      QueueBudget budget) {
    return new Lane(
        rule,
        new LaneParts(
            executor,
            listener,
            progress,
            running,
            timers,
            Staffing.WORKERS,
            budget,
            ContainerFacts.none("no engine"),
            Optional.empty()));
  }
}
