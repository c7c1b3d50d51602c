package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;

/** Where an event source delivers, on its reading thread; it must return at once. */
public interface EventSink {

  void accept(DockerEvent event);
}
