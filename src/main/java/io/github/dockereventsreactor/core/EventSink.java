package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;

/** Where an event source delivers, on its reading thread; every method must return at once. */
public interface EventSink {

  void accept(DockerEvent event);

  /** The stream is up; {@code first} on the first connection of this process. */
  void connected(boolean first);

  /** The stream is down; the source is reconnecting. */
  void disconnected();

  /** Events were lost between the last event seen and the resumed stream. */
  void gap();

  /**
   * The source's own handling of a line failed unexpectedly ({@code step}: {@link
   * HandlingStep#READ}); {@code subject} says which line. The stream goes on.
   */
  void internalError(HandlingStep step, String subject, RuntimeException error);
}
