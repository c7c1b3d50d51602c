package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;

/** What placeholders need from the Docker API rather than from the event itself. */
public interface ContainerFacts {

  /** The engine's host name, from its info endpoint. */
  Lookup host();

  /** The inspect document of the event's container (container events only). */
  Inspection inspect(DockerEvent event);

  /** Sees every event first, on the reading thread (to keep inspects fresh): must not wait. */
  void observe(DockerEvent event);
}
