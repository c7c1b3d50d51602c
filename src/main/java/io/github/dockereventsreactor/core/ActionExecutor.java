package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;

/** Carries out a rule's rendered actions for an event, waiting for each to end. */
public interface ActionExecutor {

  /**
   * Carries out the rendered action: runs the command, sends the request with its retries, or
   * publishes the message; blocks the lane until it ends, times out, is given up or the thread is
   * interrupted. A skipped action is its own outcome.
   */
  Outcome execute(Rule rule, DockerEvent event, Prepared action);
}
