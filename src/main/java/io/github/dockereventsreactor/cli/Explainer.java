package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.core.RuleMatcher;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.github.dockereventsreactor.template.Placeholder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Explains events for {@code explain}: through the daemon's own matcher, placeholders and action
 * rendering, so what it shows is what {@code run} would do, without doing any of it.
 */
final class Explainer {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The whole inspect document, through the same cached lookup as {@code %%container.…%%}. */
  private static final Placeholder DOCUMENT =
      new Placeholder.FromContainer("container", d -> d.field(""), "no inspect document");

  private final Optional<RuleMatcher> matcher;
  private final ContainerFacts facts;
  private final boolean all;

  Explainer(Optional<RuleMatcher> matcher, ContainerFacts facts, boolean all) {
    this.matcher = matcher;
    this.facts = facts;
    this.all = all;
  }

  Explanation explain(DockerEvent event) {
    EventContext context = new EventContext(event, facts);
    List<Explanation.Match> matches = new ArrayList<>();
    List<Explanation.Miss> misses = new ArrayList<>();
    matcher.ifPresent(
        m -> {
          List<Rule> matched = m.matching(event);
          matched.forEach(rule -> matches.add(match(rule, context)));
          for (Rule rule : m.rules()) {
            if (!matched.contains(rule)) {
              miss(rule, event, matched).ifPresent(misses::add);
            }
          }
        });
    return new Explanation(event, placeholders(event, context), matches, misses);
  }

  private static Explanation.Match match(Rule rule, EventContext context) {
    List<Prepared> actions = new ArrayList<>();
    for (Action action : rule.actions()) {
      actions.add(action.prepare(context));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    // As the metrics count it: a label without a value is empty, never a reason to skip.
    rule.metric()
        .ifPresent(
            metric ->
                metric
                    .labels()
                    .forEach(
                        (name, template) -> labels.put(name, value(template.render(context)))));
    return new Explanation.Match(rule.name(), actions, rule.metric().map(m -> m.name()), labels);
  }

  private static String value(Lookup lookup) {
    return lookup.orElse("");
  }

  /**
   * Why a rule did not act when it nearly did: it matched but a {@code stop: true} rule above took
   * the event (or the event is synthetic), or one key of a block of several did not match.
   */
  private static Optional<Explanation.Miss> miss(Rule rule, DockerEvent event, List<Rule> matched) {
    if (rule.matches(event)) {
      if (event.synthetic() && !rule.options().reconcile()) {
        return Optional.of(
            new Explanation.Miss(
                rule.name(),
                "reconcile",
                "false",
                "true",
                "the event is synthetic (after a gap) and the rule has no reconcile: true"));
      }
      String stopper = matched.isEmpty() ? "?" : matched.get(matched.size() - 1).name();
      return Optional.of(
          new Explanation.Miss(
              rule.name(),
              "stop",
              stopper,
              "",
              "it matches, but rule \"" + stopper + "\" above has stop: true"));
    }
    for (EventPattern pattern : rule.patterns()) {
      List<EventPattern.Condition> unmet = pattern.unmet(event);
      if (pattern.conditions().size() > 1 && unmet.size() == 1) {
        EventPattern.Condition condition = unmet.get(0);
        String key = condition.field().name();
        String actual = condition.field().read(event).orElse(null);
        String expected = condition.matcher().describe();
        return Optional.of(
            new Explanation.Miss(
                rule.name(),
                key,
                actual,
                expected,
                key + ": " + (actual == null ? "(none)" : actual) + " ≠ " + expected));
      }
    }
    return Optional.empty();
  }

  private Map<String, Lookup> placeholders(DockerEvent event, EventContext context) {
    Map<String, Lookup> values = new LinkedHashMap<>();
    List<String> names =
        new ArrayList<>(List.of("type", "action", "scope", "time.iso", "actor.id"));
    event.actor().attributes().keySet().stream().sorted().forEach(k -> names.add("actor." + k));
    if ("die".equals(event.verb())) {
      names.add("killed");
    }
    names.forEach(name -> values.put(name, Placeholder.named(name).orElseThrow().resolve(context)));
    if ("container".equals(event.type())) {
      Optional<JsonNode> document = document(context);
      values.put("ip", Placeholder.named("ip").orElseThrow().resolve(context));
      document.ifPresent(
          d ->
              d.path("NetworkSettings")
                  .path("Networks")
                  .fieldNames()
                  .forEachRemaining(
                      network ->
                          values.put(
                              "ip." + network,
                              Placeholder.named("ip." + network).orElseThrow().resolve(context))));
      if (all) {
        document.ifPresent(d -> flatten("container", d, values));
      }
    }
    // Where the event came from: the name a rule's engine: and %%engine%% use.
    values.put("engine", Placeholder.named("engine").orElseThrow().resolve(context));
    values.put("host", Placeholder.named("host").orElseThrow().resolve(context));
    return values;
  }

  private static Optional<JsonNode> document(EventContext context) {
    return DOCUMENT.resolve(context).fold(Explainer::json, reason -> Optional.empty());
  }

  private static Optional<JsonNode> json(String text) {
    try {
      return Optional.of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Every value of the document under its {@code %%container.…%%} name, in key order. */
  private static void flatten(String path, JsonNode node, Map<String, Lookup> into) {
    if (node.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      node.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        flatten(path + "." + key, node.get(key), into);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "." + i, node.get(i), into);
      }
    } else if (!node.isNull() && !node.asText().isEmpty()) {
      into.put(path, Lookup.found(node.asText()));
    }
  }
}
