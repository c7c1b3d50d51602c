package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;

/**
 * Told of what the reactor does with each event, for logs and metrics; a listener hears only what
 * it overrides.
 */
public interface ReactorListener {

  /** An event arrived from the stream (or was made up after a gap), before matching. */
  default void received(DockerEvent event) {}

  /**
   * The event passed a stage on its way to an action: called on the thread that passed it, as it
   * passes it, so a listener here must cost next to nothing (a profiler's, which records it only
   * while a recording runs).
   */
  default void stage(Stage stage, DockerEvent event) {}

  /** The rule matched the event: its command is queued, if it has one. */
  void matched(Rule rule, DockerEvent event);

  void outcome(Rule rule, DockerEvent event, Outcome outcome);

  /**
   * The rule's next action runs for these events together ({@code batch:}); its outcome follows,
   * told with the first of them.
   */
  default void batched(Rule rule, List<DockerEvent> events) {}

  /** After a gap in the stream, this many containers appeared and vanished unseen. */
  default void gap(int appeared, int vanished) {}

  /** The event stream went up or down. */
  default void connected(boolean up) {}

  /** A step of an event's handling failed in the reactor's own code. */
  default void internalError(HandlingStep step) {}
}
