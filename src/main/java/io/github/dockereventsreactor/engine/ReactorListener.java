package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;

/** Told of what the reactor does with each event, for logs and metrics. */
public interface ReactorListener {

  void outcome(Rule rule, DockerEvent event, Outcome outcome);

  /** After a gap in the stream, this many containers appeared and vanished unseen. */
  void gap(int appeared, int vanished);

  /** The event stream went up or down. */
  void connected(boolean up);
}
