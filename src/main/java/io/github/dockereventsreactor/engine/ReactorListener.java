package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;

/** Told of what the reactor does with each event, for logs and metrics. */
public interface ReactorListener {

  void outcome(Rule rule, DockerEvent event, Outcome outcome);
}
