package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.EventField;
import java.util.Optional;

/** A {@code %%name%%} in a template: where its value comes from. */
public sealed interface Placeholder {

  /** Every placeholder name, for error messages. */
  String KNOWN =
      "type, action, scope, time, timeNano, actor.id, actor.<attribute>, host, payload, ip,"
          + " synthetic";

  String name();

  Lookup resolve(EventContext context);

  static Optional<Placeholder> named(String name) {
    switch (name) {
      case "host":
        return Optional.of(new Host());
      case "ip":
        return Optional.of(new Ip());
      default:
        return EventField.named(name).map(FromEvent::new);
    }
  }

  /** A value the event carries. */
  record FromEvent(EventField field) implements Placeholder {
    @Override
    public String name() {
      return field.name();
    }

    @Override
    public Lookup resolve(EventContext context) {
      return field
          .read(context.event())
          .map(Lookup::found)
          .orElseGet(() -> Lookup.missing("the event has no " + field.name()));
    }
  }

  /** The engine's host name. */
  record Host() implements Placeholder {
    @Override
    public String name() {
      return "host";
    }

    @Override
    public Lookup resolve(EventContext context) {
      return context.host();
    }
  }

  /** The container's IP address, from inspect. */
  record Ip() implements Placeholder {
    @Override
    public String name() {
      return "ip";
    }

    @Override
    public Lookup resolve(EventContext context) {
      return context.ip();
    }
  }
}
