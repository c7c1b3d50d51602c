package io.github.dockereventsreactor.event;

import java.util.Map;
import java.util.Optional;

/** The object an event is about: its ID and its attributes (labels merged in, as Docker sends them). */
public record Actor(String id, Map<String, String> attributes) {

  public static final Actor NONE = new Actor("", Map.of());

  public Actor {
    attributes = Map.copyOf(attributes);
  }

  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }
}
