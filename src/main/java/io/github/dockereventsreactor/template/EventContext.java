package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One event and the Docker API facts about it, looked up at most once per event however many rules
 * render it, and only when a rule asks; or, for a rule with {@code batch:}, the events of one
 * batch, rendered together.
 */
public final class EventContext {

  private final DockerEvent event;
  private final ContainerFacts facts;
  private final List<DockerEvent> batch;
  private @Nullable Inspection inspection;

  public EventContext(DockerEvent event, ContainerFacts facts) {
    this(event, facts, List.of());
  }

  private EventContext(DockerEvent event, ContainerFacts facts, List<DockerEvent> batch) {
    this.event = event;
    this.facts = facts;
    this.batch = batch;
  }

  /** The events of a batch, in order, rendered as one (the first stands for them in logs). */
  public static EventContext batch(List<EventContext> members) {
    EventContext first = members.get(0);
    return new EventContext(
        first.event, first.facts, members.stream().map(EventContext::event).toList());
  }

  /** The event, or the first of the batch. */
  public DockerEvent event() {
    return event;
  }

  /** The events of the batch; empty when this is one event. */
  public List<DockerEvent> batch() {
    return batch;
  }

  /**
   * What an action sends when the rule says nothing else: the event's JSON as the engine sent it,
   * or, for a batch, the JSON array of its events.
   */
  public String payload() {
    return batch.isEmpty() ? event.json() : batchJson();
  }

  /** The batch's events as a compact JSON array of what the engine sent, in order. */
  String batchJson() {
    StringBuilder json = new StringBuilder(batch.size() * 400).append('[');
    for (int i = 0; i < batch.size(); i++) {
      json.append(i == 0 ? "" : ",").append(batch.get(i).json());
    }
    return json.append(']').toString();
  }

  /** The batch's events as JSON lines, for a command's standard input. */
  public String batchLines() {
    StringBuilder lines = new StringBuilder(batch.size() * 400);
    batch.forEach(e -> lines.append(e.json()).append('\n'));
    return lines.toString();
  }

  Lookup host() {
    return facts.host();
  }

  String engineName() {
    return facts.engineName();
  }

  /**
   * A stable identifier of the event on its engine: the same each time the engine delivers it
   * (after a reconnect, a replay or a restart), different for different events. A digest of the
   * engine's id and the event's identity, so it is short and safe in a header.
   */
  public Lookup eventId() {
    return facts.engineId().fold(id -> Lookup.found(EventDigest.of(id, event)), Lookup::missing);
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
