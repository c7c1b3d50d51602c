package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.github.dockereventsreactor.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Which containers a {@code container:} action acts on, as the rules file says it. */
public sealed interface ContainerTarget {

  /** The containers for one event: an ID or name, or a label selector; or why there are none. */
  Rendered render(EventContext context);

  String describe();

  /** The target rendered for one event: exactly one of an ID or name and a label selector. */
  sealed interface Rendered {}

  /** A container by ID or name. */
  record One(String container) implements Rendered {}

  /** Every container, running or not, that carries all these labels with these values. */
  record Labelled(Map<String, String> labels) implements Rendered {
    public Labelled {
      labels = Map.copyOf(labels);
    }
  }

  /** A placeholder had no value: nothing is acted on. */
  record Missing(String reason) implements Rendered {}

  /**
   * The event's own container: a container event's actor, a network event's {@code container}, or
   * the container of one of the reactor's own {@code reactor} events.
   */
  record EventContainer() implements ContainerTarget {
    @Override
    public Rendered render(EventContext context) {
      return of(context.event())
          .<Rendered>map(One::new)
          .orElseGet(
              () ->
                  new Missing(
                      "a "
                          + context.event().type()
                          + " event has no container: say which with target: or labels:"));
    }

    /** The container an event is about, if any. */
    static Optional<String> of(DockerEvent event) {
      return switch (event.type()) {
        case "container", "reactor" -> Optional.of(event.actor().id()).filter(id -> !id.isEmpty());
        case "network" -> event.actor().attribute("container");
        default -> Optional.empty();
      };
    }

    @Override
    public String describe() {
      return "the event's container";
    }
  }

  /** A container by ID or name, with placeholders. */
  record Named(Template container) implements ContainerTarget {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    @Override
    public Rendered render(EventContext context) {
      Lookup value = container.render(context);
      if (value.missing().isPresent()) {
        return new Missing("target: " + value.missing().get());
      }
      String name = value.orElse("");
      // It goes into the API's path: a value such as ../images must not reach another endpoint.
      return NAME.matcher(name).matches()
          ? new One(name)
          : new Missing("target: \"" + name + "\" is not a container ID or name");
    }

    @Override
    public String describe() {
      return "container \"" + container.source() + "\"";
    }
  }

  /** Every container with these labels, the values with placeholders. */
  record Selector(Map<String, Template> labels) implements ContainerTarget {
    public Selector {
      labels = Map.copyOf(labels);
    }

    @Override
    public Rendered render(EventContext context) {
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, Template> label : labels.entrySet()) {
        Lookup value = label.getValue().render(context);
        if (value.missing().isPresent()) {
          return new Missing("label " + label.getKey() + ": " + value.missing().get());
        }
        values.put(label.getKey(), value.orElse(""));
      }
      return new Labelled(values);
    }

    @Override
    public String describe() {
      return "every container labelled "
          + labels.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue().source())
              .collect(Collectors.joining(","));
    }
  }
}
