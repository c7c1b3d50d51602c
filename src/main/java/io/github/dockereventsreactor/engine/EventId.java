package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;

/** What tells one event from another when the engine sends it a second time. */
public record EventId(long timeNano, String type, String action, String actorId) {

  static EventId of(DockerEvent event) {
    return new EventId(event.timeNano(), event.type(), event.action(), event.actor().id());
  }
}
