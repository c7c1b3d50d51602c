package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;

/**
 * One event and the Docker API facts about it, looked up at most once per event however many
 * rules render it, and only when a rule asks.
 */
public final class EventContext {

  private final DockerEvent event;
  private final ContainerFacts facts;
  private Inspection inspection;

  public EventContext(DockerEvent event, ContainerFacts facts) {
    this.event = event;
    this.facts = facts;
  }

  public DockerEvent event() {
    return event;
  }

  Lookup host() {
    return facts.host();
  }

  /**
   * A stable identifier of the event on its engine: the same each time the engine delivers it
   * (after a reconnect, a replay or a restart), different for different events. A digest of the
   * engine's id and the event's identity, so it is short and safe in a header.
   */
  public Lookup eventId() {
    Lookup engine = facts.engineId();
    if (engine instanceof Lookup.Missing) {
      return engine;
    }
    return Lookup.found(EventDigest.of(((Lookup.Found) engine).value(), event));
  }

  synchronized Inspection inspection() {
    if (inspection == null) {
      inspection =
          "container".equals(event.type())
              ? facts.inspect(event)
              : new Inspection.Missing("a " + event.type() + " event has no container");
    }
    return inspection;
  }
}
