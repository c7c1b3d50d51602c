package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.InvalidGlobException;
import io.github.dockereventsreactor.match.ValueMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker events --filter} syntax turned into match blocks, so that {@code explain} filters
 * through the rules' own matcher: values of one key are alternatives, different keys must all hold.
 * As Docker's own filter, {@code container=}, {@code network=}, … take a name or an ID prefix, and
 * {@code event=health_status} also takes {@code health_status: healthy}.
 */
final class EventFilter {

  private static final String KEYS =
      "type, event, scope, label, image, container, network, volume, plugin, daemon, node,"
          + " service, secret, config";
  private static final List<String> BY_NAME_OR_ID =
      List.of(
          "container",
          "network",
          "volume",
          "plugin",
          "daemon",
          "node",
          "service",
          "secret",
          "config");

  private EventFilter() {}

  /** The filters as match blocks, any of which must match; every event when there are none. */
  static List<EventPattern> parse(List<String> filters) {
    Map<String, List<List<EventPattern.Condition>>> byKey = new LinkedHashMap<>();
    for (String filter : filters) {
      int equals = filter.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--filter " + filter + ": expected KEY=VALUE (keys: " + KEYS + ")");
      }
      String key = filter.substring(0, equals);
      byKey
          .computeIfAbsent(key, k -> new ArrayList<>())
          .addAll(alternatives(key, filter.substring(equals + 1)));
    }
    List<List<EventPattern.Condition>> blocks = List.of(List.of());
    for (List<List<EventPattern.Condition>> alternatives : byKey.values()) {
      List<List<EventPattern.Condition>> product = new ArrayList<>();
      for (List<EventPattern.Condition> block : blocks) {
        for (List<EventPattern.Condition> alternative : alternatives) {
          List<EventPattern.Condition> both = new ArrayList<>(block);
          both.addAll(alternative);
          product.add(both);
        }
      }
      blocks = product;
    }
    List<EventPattern> patterns = new ArrayList<>();
    blocks.forEach(b -> patterns.add(new EventPattern(b)));
    return patterns;
  }

  private static List<List<EventPattern.Condition>> alternatives(String key, String value) {
    if (BY_NAME_OR_ID.contains(key)) {
      if (value.matches(".*[*?\\[].*")) {
        throw new IllegalArgumentException(
            "--filter " + key + "=" + value + ": a name or an ID, not a pattern");
      }
      ValueMatcher prefix;
      try {
        prefix = ValueMatcher.Glob.of(value + "*");
      } catch (InvalidGlobException e) {
        throw new IllegalArgumentException(
            "--filter " + key + "=" + value + ": " + e.getMessage(), e);
      }
      return List.of(List.of(on("actor.id", prefix)), List.of(on("actor.name", prefix)));
    }
    switch (key) {
      case "type", "scope" -> {
        return List.of(List.of(on(key, new ValueMatcher.Exact(value))));
      }
      case "event" -> {
        return List.of(
            List.of(
                on(
                    "action",
                    value.contains(":")
                        ? new ValueMatcher.Exact(value)
                        : new ValueMatcher.ActionWithDetail(value))));
      }
      case "image" -> {
        ValueMatcher image = new ValueMatcher.Exact(value);
        return List.of(
            List.of(on("actor.image", image)),
            List.of(on("actor.id", image)),
            List.of(on("actor.name", image)));
      }
      case "label" -> {
        int equals = value.indexOf('=');
        return List.of(
            List.of(
                equals < 0
                    ? on("actor." + value, new ValueMatcher.Exists(true))
                    : on(
                        "actor." + value.substring(0, equals),
                        new ValueMatcher.Exact(value.substring(equals + 1)))));
      }
      default ->
          throw new IllegalArgumentException(
              "--filter " + key + "=" + value + ": unknown key (keys: " + KEYS + ")");
    }
  }

  private static EventPattern.Condition on(String field, ValueMatcher matcher) {
    return new EventPattern.Condition(
        EventField.named(field)
            .orElseThrow(() -> new IllegalArgumentException("--filter: no field " + field)),
        matcher);
  }
}
