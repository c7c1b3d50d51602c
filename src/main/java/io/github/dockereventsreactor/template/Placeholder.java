package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import java.util.Optional;
import java.util.function.Function;

/** A {@code %%name%%} in a template: where its value comes from. */
public sealed interface Placeholder {

  /** Every placeholder name, for error messages. */
  String KNOWN =
      "type, action, docker.action, scope, time, time.iso, timeNano, actor.id, actor.<attribute>,"
          + " host, engine, payload, ip, ip.<network>, container.<path>, killed, synthetic, event.id, batch,"
          + " batch.size";

  String name();

  Lookup resolve(EventContext context);

  /**
   * True when the value belongs to one event: a rule with {@code batch:} renders all its events at
   * once, so only what holds for the whole batch ({@code %%batch%%}, {@code %%host%%}) fits.
   */
  default boolean perEvent() {
    return true;
  }

  /** True when the value comes from the event itself: resolving it never calls the engine. */
  default boolean fromEvent() {
    return false;
  }

  /** True when the value exists only for a batch. */
  default boolean batchOnly() {
    return false;
  }

  static Optional<Placeholder> named(String name) {
    if (name.equals("host")) {
      return Optional.of(new Host());
    }
    if (name.equals("engine")) {
      return Optional.of(new EngineName());
    }
    if (name.equals("event.id")) {
      return Optional.of(new EventIdentity());
    }
    if (name.equals("batch")) {
      return Optional.of(new Batch(name, EventContext::batchJson));
    }
    if (name.equals("batch.size")) {
      return Optional.of(new Batch(name, c -> Integer.toString(c.batch().size())));
    }
    if (name.equals("ip")) {
      return Optional.of(new FromContainer(name, ContainerDocument::ip, "no IP address"));
    }
    if (name.startsWith("ip.") && name.length() > 3) {
      String network = name.substring(3);
      return Optional.of(
          new FromContainer(name, d -> d.ip(network), "no IP address on network " + network));
    }
    // %%action%% is the engine's own word (Podman's "remove"); rules match Docker's ("destroy").
    if (name.equals("action")) {
      return Optional.of(new FromEvent(new EventField.Fixed(name, DockerEvent::engineAction)));
    }
    if (name.equals("docker.action")) {
      return Optional.of(new FromEvent(new EventField.Fixed(name, DockerEvent::action)));
    }
    if (name.startsWith("container.") && name.length() > 10) {
      String path = name.substring(10);
      return Optional.of(new FromContainer(name, d -> d.field(path), "no " + path));
    }
    return EventField.named(name).map(FromEvent::new);
  }

  /** A value the event carries. */
  record FromEvent(EventField field) implements Placeholder {
    @Override
    public String name() {
      return field.name();
    }

    @Override
    public boolean fromEvent() {
      return true;
    }

    @Override
    public Lookup resolve(EventContext context) {
      Optional<String> value = field.read(context.event());
      return value.isPresent()
          ? Lookup.found(value.get())
          : Lookup.missing("the event has no " + field.name());
    }
  }

  /** The engine's host name. */
  record Host() implements Placeholder {
    @Override
    public String name() {
      return "host";
    }

    @Override
    public boolean perEvent() {
      return false;
    }

    @Override
    public Lookup resolve(EventContext context) {
      return context.host();
    }
  }

  /** The name of the engine the event came from. */
  record EngineName() implements Placeholder {
    @Override
    public String name() {
      return "engine";
    }

    /** The reactor's own name for the engine, never asked of it: fit for keys and labels. */
    @Override
    public boolean fromEvent() {
      return true;
    }

    @Override
    public boolean perEvent() {
      return false;
    }

    @Override
    public Lookup resolve(EventContext context) {
      return Lookup.found(context.engineName());
    }
  }

  /** The events of a batch: as a JSON array, or how many. */
  record Batch(String name, Function<EventContext, String> value) implements Placeholder {
    @Override
    public Lookup resolve(EventContext context) {
      return context.batch().isEmpty()
          ? Lookup.missing("not a batch")
          : Lookup.found(value.apply(context));
    }

    @Override
    public boolean perEvent() {
      return false;
    }

    @Override
    public boolean batchOnly() {
      return true;
    }

    // The function is fixed by the name: equal names are equal placeholders (rules compare so
    // across reloads).
    @Override
    public boolean equals(Object o) {
      return o instanceof Batch batch && batch.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  /** The event's stable id on its engine. */
  record EventIdentity() implements Placeholder {
    @Override
    public String name() {
      return "event.id";
    }

    @Override
    public Lookup resolve(EventContext context) {
      return context.eventId();
    }
  }

  /** A value of the container's inspect document. */
  record FromContainer(
      String name, Function<ContainerDocument, Optional<String>> reader, String absent)
      implements Placeholder {
    @Override
    public Lookup resolve(EventContext context) {
      return context
          .inspection()
          .fold(
              document ->
                  reader
                      .apply(document)
                      .filter(v -> !v.isEmpty())
                      .map(Lookup::found)
                      .orElseGet(
                          () -> Lookup.missing("container " + shortId(context) + " has " + absent)),
              Lookup::missing);
    }

    private static String shortId(EventContext context) {
      String id = context.event().actor().id();
      return id.length() > 12 ? id.substring(0, 12) : id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FromContainer fromContainer && fromContainer.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  /** A placeholder with a value to use when it has none: {@code %%actor.name|unknown%%}. */
  record WithDefault(Placeholder placeholder, String fallback) implements Placeholder {
    @Override
    public String name() {
      return placeholder.name() + "|" + fallback;
    }

    @Override
    public Lookup resolve(EventContext context) {
      Lookup value = placeholder.resolve(context);
      return value.fold(found -> value, reason -> Lookup.found(fallback));
    }

    @Override
    public boolean perEvent() {
      return placeholder.perEvent();
    }

    @Override
    public boolean fromEvent() {
      return placeholder.fromEvent();
    }

    @Override
    public boolean batchOnly() {
      return placeholder.batchOnly();
    }
  }
}
