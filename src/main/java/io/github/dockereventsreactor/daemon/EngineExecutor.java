package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.ActionExecutor;
import io.github.dockereventsreactor.core.ContainerActing;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;

/**
 * One engine's executor: its {@code container:} actions act on that engine, everything else goes to
 * the executors all engines share.
 */
final class EngineExecutor implements ActionExecutor {

  private final ActionExecutor shared;
  private final ContainerActing containers;

  EngineExecutor(ActionExecutor shared, ContainerActing containers) {
    this.shared = shared;
    this.containers = containers;
  }

  @Override
  public Outcome execute(Rule rule, DockerEvent event, Prepared action) {
    return action instanceof Prepared.ContainerCall call
        ? containers.act(rule, event, call)
        : shared.execute(rule, event, action);
  }
}
