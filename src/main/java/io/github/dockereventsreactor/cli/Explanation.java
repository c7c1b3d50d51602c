package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.template.Lookup;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What {@code explain} says of one event: the event, the values of its placeholders, what each
 * matching rule would do and why the rules that nearly matched did not; as text or as JSON.
 */
record Explanation(
    DockerEvent event, Map<String, Lookup> placeholders, List<Match> matches, List<Miss> misses) {

  private static final ObjectMapper JSON = new ObjectMapper();

  Explanation {
    placeholders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(placeholders));
    matches = List.copyOf(matches);
    misses = List.copyOf(misses);
  }

  /** A rule that matches: its actions rendered for the event, and the series its metric counts. */
  record Match(
      String rule,
      List<Prepared> actions,
      Optional<String> metric,
      Map<String, String> metricLabels) {
    Match {
      actions = List.copyOf(actions);
      metricLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metricLabels));
    }
  }

  /** A rule that did not act on the event although it nearly could: which key, which values. */
  record Miss(String rule, String key, @Nullable String actual, String expected, String why) {}

  /** The readable block: the event in one line, then one line per value and per rule. */
  String text() {
    StringBuilder out = new StringBuilder();
    out.append(event.describe())
        .append(event.killed() ? " (killed)" : "")
        .append(" at ")
        .append(java.time.Instant.ofEpochSecond(0, event.timeNano()))
        .append('\n');
    int width = placeholders.keySet().stream().mapToInt(String::length).max().orElse(0) + 6;
    placeholders.forEach(
        (name, value) ->
            out.append("  ")
                .append(String.format("%-" + width + "s", "%%" + name + "%%"))
                .append(value.<String>fold(found -> found, reason -> "(none: " + reason + ")"))
                .append('\n'));
    for (Match match : matches) {
      String head = "  rule \"" + match.rule() + "\" ";
      for (Prepared action : match.actions()) {
        out.append(head).append(PreparedView.text(action)).append('\n');
      }
      match
          .metric()
          .ifPresent(m -> out.append(head).append("counts ").append(series(m, match)).append('\n'));
    }
    for (Miss miss : misses) {
      out.append("  rule \"")
          .append(miss.rule())
          .append("\" does not match: ")
          .append(miss.why())
          .append('\n');
    }
    return out.toString();
  }

  private static String series(String metric, Match match) {
    return metric
        + "_total"
        + match.metricLabels().entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
  }

  /**
   * One JSON object: {@code event}, {@code placeholders}, {@code missing}, {@code rules}, {@code
   * near}.
   */
  String json() {
    ObjectNode root = JSON.createObjectNode();
    try {
      root.set("event", JSON.readTree(event.json()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode values = root.putObject("placeholders");
    ObjectNode missing = root.putObject("missing");
    placeholders.forEach(
        (name, value) ->
            value.fold(found -> values.put(name, found), reason -> missing.put(name, reason)));
    ArrayNode rules = root.putArray("rules");
    for (Match match : matches) {
      for (Prepared action : match.actions()) {
        ObjectNode line = rules.addObject().put("rule", match.rule());
        PreparedView.json(action, line);
      }
      match
          .metric()
          .ifPresent(
              name -> {
                ObjectNode metric = rules.addObject().put("rule", match.rule()).putObject("metric");
                metric.put("name", name + "_total");
                match.metricLabels().forEach(metric.putObject("labels")::put);
              });
    }
    ArrayNode near = root.putArray("near");
    for (Miss miss : misses) {
      near.addObject()
          .put("rule", miss.rule())
          .put("key", miss.key())
          .put("value", miss.actual())
          .put("expected", miss.expected())
          .put("why", miss.why());
    }
    return root.toString();
  }
}
