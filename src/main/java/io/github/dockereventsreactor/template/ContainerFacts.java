package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;

/** What placeholders need from the Docker API rather than from the event itself. */
public interface ContainerFacts {

  /** The name of the one engine of a reactor without {@code reactor.engines}. */
  String DEFAULT_ENGINE = "default";

  /** The engine's name in the reactor: its {@code reactor.engines} entry's, else "default". */
  default String engineName() {
    return DEFAULT_ENGINE;
  }

  /** The engine's host name, from its info endpoint. */
  Lookup host();

  /**
   * What identifies the engine for good (its info {@code ID}, else its host name), so an event's id
   * stays the same across reconnects and restarts and differs between engines.
   */
  Lookup engineId();

  /** The inspect document of the event's container (container events only). */
  Inspection inspect(DockerEvent event);

  /** Sees every event first, on the reading thread (to keep inspects fresh): must not wait. */
  void observe(DockerEvent event);

  /** Facts of no engine: every lookup is missing for {@code why}, for renderings that need none. */
  static ContainerFacts none(String why) {
    return new ContainerFacts() {
      @Override
      public Lookup host() {
        return Lookup.missing(why);
      }

      @Override
      public Lookup engineId() {
        return Lookup.missing(why);
      }

      @Override
      public Inspection inspect(DockerEvent event) {
        return new Inspection.Missing(why);
      }

      @Override
      public void observe(DockerEvent event) {}
    };
  }
}
