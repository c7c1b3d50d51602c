package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;

/** Carries out a rule's rendered actions for an event, waiting for each to end. */
public interface ActionExecutor {

  /** Runs the command; blocks the lane until it ends, times out or is interrupted. */
  Outcome run(Rule rule, DockerEvent event, Prepared.Command command);

  /** Sends the request, with its retries; blocks the lane until delivered or given up. */
  Outcome send(Rule rule, DockerEvent event, Prepared.Request request);

  /** Publishes the message and waits for the bus to store it; blocks the lane until then. */
  Outcome publish(Rule rule, DockerEvent event, Prepared.Message message);
}
