package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What tells one event from another when the engine sends it a second time. */
public record EventId(long timeNano, String type, String action, String actorId) {

  // Docker's types and actions are a few dozen words; a bound keeps an engine that made up new
  // ones for ever from growing the table.
  private static final int WORDS = 1024;
  private static final Map<String, String> CANONICAL = new ConcurrentHashMap<>();

  // The engine's own action word: a replay arrives untranslated, the checkpoint saw it translated.
  public static EventId of(DockerEvent event) {
    return new EventId(event.timeNano(), event.type(), event.engineAction(), event.actor().id());
  }

  /**
   * The same identity over one shared copy of its type and action: each parsed event has strings of
   * its own, some 100 bytes that a queued event's identity need not hold. Off the reading path:
   * only for events that wait in a queue.
   */
  EventId lean() {
    return new EventId(timeNano, canonical(type), canonical(action), actorId);
  }

  // Written out rather than the record's generated pair, which dispatches through a method handle
  // that the launcher's client compiler does not inline: the identity is hashed and compared for
  // every event (the engine's repeats are found by it).
  @Override
  public boolean equals(Object other) {
    return other instanceof EventId id
        && timeNano == id.timeNano
        && type.equals(id.type)
        && action.equals(id.action)
        && actorId.equals(id.actorId);
  }

  @Override
  public int hashCode() {
    return ((Long.hashCode(timeNano) * 31 + type.hashCode()) * 31 + action.hashCode()) * 31
        + actorId.hashCode();
  }

  private static String canonical(String word) {
    String shared = CANONICAL.get(word);
    if (shared != null) {
      return shared;
    }
    if (CANONICAL.size() >= WORDS) {
      return word;
    }
    String raced = CANONICAL.putIfAbsent(word, word);
    return raced == null ? word : raced;
  }
}
