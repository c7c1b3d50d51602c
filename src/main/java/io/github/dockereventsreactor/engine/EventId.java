package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;

/** What tells one event from another when the engine sends it a second time. */
public record EventId(long timeNano, String type, String action, String actorId) {

  // The engine's own action word: a replay arrives untranslated, the checkpoint saw it translated.
  static EventId of(DockerEvent event) {
    return new EventId(event.timeNano(), event.type(), event.engineAction(), event.actor().id());
  }
}
