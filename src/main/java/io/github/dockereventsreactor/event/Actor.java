package io.github.dockereventsreactor.event;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The object an event is about: its ID and its attributes (labels merged in, as Docker sends them).
 * A value, as a record would be; a class so that the event parser can hand over the map it built
 * rather than have it copied: a copy hashes every attribute a second time, for every event.
 */
public final class Actor {

  public static final Actor NONE = new Actor("", Map.of());

  private final String id;
  private final Map<String, String> attributes;

  public Actor(String id, Map<String, String> attributes) {
    this(id, Map.copyOf(attributes), true);
  }

  // The flag only tells this constructor, which keeps the map it is given, from the public one.
  @SuppressWarnings("UnusedVariable")
  private Actor(String id, Map<String, String> attributes, boolean readOnly) {
    this.id = Objects.requireNonNull(id);
    this.attributes = attributes;
  }

  /** An actor over a map that nobody else holds or changes: read-only without a copy. */
  static Actor owning(String id, Map<String, String> attributes) {
    return new Actor(id, Collections.unmodifiableMap(attributes), true);
  }

  public String id() {
    return id;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Actor actor && actor.id.equals(id) && actor.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + attributes.hashCode();
  }

  @Override
  public String toString() {
    return "Actor[id=" + id + ", attributes=" + attributes + "]";
  }
}
