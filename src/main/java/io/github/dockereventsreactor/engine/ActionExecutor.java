package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;

/** Runs a rule's rendered command for an event and waits for it to end. */
public interface ActionExecutor {

  /** Runs argv; blocks the calling lane until the command ends, times out or is interrupted. */
  Outcome execute(Rule rule, DockerEvent event, List<String> argv);
}
