package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import java.util.List;
import java.util.Optional;

/** A reactor of the unit tests: rules from text, no engine behind it, no saved position. */
final class TestReactors {

  private TestReactors() {}

  static Reactor of(
      String rules,
      ActionExecutor executor,
      ReactorListener listener,
      int maxRunning,
      Optional<EventJournal> journal)
      throws Exception {
    return new Reactor(
        RulesLoader.parse("r.yml", rules),
        ContainerFacts.none("no engine"),
        List::of,
        executor,
        listener,
        Optional.empty(),
        new Capacity(maxRunning),
        EngineClock.system(),
        journal);
  }
}
