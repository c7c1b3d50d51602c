package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;

/**
 * The last event whose actions, and those of every event before it, are all done: where a
 * restarted reactor resumes. Its identity lets the resume drop that event when the engine's
 * inclusive {@code since} sends it again.
 */
public record Checkpoint(long timeNano, String type, String action, String actorId) {

  static Checkpoint of(DockerEvent event) {
    return new Checkpoint(event.timeNano(), event.type(), event.action(), event.actor().id());
  }
}
