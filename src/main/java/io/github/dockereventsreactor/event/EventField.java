package io.github.dockereventsreactor.event;

import java.util.Optional;

/** A value read from the event alone: what match keys and most placeholders name. */
public sealed interface EventField {

  /** The name as written in the rules file: {@code type}, {@code actor.name}, … */
  String name();

  /** The value for this event, empty when the event does not carry it. */
  Optional<String> read(DockerEvent event);

  /** The field a name refers to, or empty if the name is not an event field. */
  static Optional<EventField> named(String name) {
    switch (name) {
      case "type" -> {
        return Optional.of(new Fixed(name, DockerEvent::type));
      }
      case "action" -> {
        return Optional.of(new Fixed(name, DockerEvent::action));
      }
      case "scope" -> {
        return Optional.of(new Fixed(name, DockerEvent::scope));
      }
      case "time" -> {
        return Optional.of(new Fixed(name, e -> Long.toString(e.time())));
      }
      case "timeNano" -> {
        return Optional.of(new Fixed(name, e -> Long.toString(e.timeNano())));
      }
      case "payload" -> {
        return Optional.of(new Fixed(name, DockerEvent::json));
      }
      case "time.iso" -> {
        return Optional.of(
            new Fixed(name, e -> java.time.Instant.ofEpochSecond(0, e.timeNano()).toString()));
      }
      case "killed" -> {
        return Optional.of(new Fixed(name, e -> Boolean.toString(e.killed())));
      }
      case "synthetic" -> {
        return Optional.of(new Fixed(name, e -> Boolean.toString(e.synthetic())));
      }
      case "actor.id" -> {
        return Optional.of(new Fixed(name, e -> e.actor().id()));
      }
      default -> {
        if (name.startsWith("actor.") && name.length() > "actor.".length()) {
          return Optional.of(new Attribute(name.substring("actor.".length())));
        }
        return Optional.empty();
      }
    }
  }

  /** A field every event has (possibly empty, as an event without scope), so never missing. */
  record Fixed(String name, java.util.function.Function<DockerEvent, String> reader)
      implements EventField {
    @Override
    public Optional<String> read(DockerEvent event) {
      String value = reader.apply(event);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    // The name decides the reader: equal names are equal fields, so a rule loaded again from the
    // same text equals itself and a reload keeps its lane. The readers are lambdas, which have no
    // equality of their own to compare.
    @Override
    public boolean equals(Object o) {
      return o instanceof Fixed fixed && fixed.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  /** One of the Actor's attributes, which include the container's labels. */
  record Attribute(String key) implements EventField {
    @Override
    public String name() {
      return "actor." + key;
    }

    @Override
    public Optional<String> read(DockerEvent event) {
      return event.actor().attribute(key);
    }
  }
}
