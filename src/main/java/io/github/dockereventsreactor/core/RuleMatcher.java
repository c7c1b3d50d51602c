package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.rules.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rules an event reaches, in file order: every rule that matches, up to the first matching
 * one with {@code stop: true}; synthetic events reach only rules with {@code reconcile: true}. The
 * daemon and {@code replay} both match through here.
 *
 * <p>Rules are indexed by the event's type and action verb: a rule that names its types or verbs
 * exactly is only tried on those, so the cost per event grows with the rules that could match, not
 * with the size of the file. The index fills lazily per (type, verb) pair: Docker has few.
 */
public final class RuleMatcher {

  private final List<Rule> rules;
  private final List<Optional<Set<String>>> types = new ArrayList<>();
  private final List<Optional<Set<String>>> verbs = new ArrayList<>();
  private final Map<String, Map<String, Rule[]>> candidates = new ConcurrentHashMap<>();

  public RuleMatcher(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    for (Rule rule : this.rules) {
      types.add(keys(rule, "type", false));
      verbs.add(keys(rule, "action", true));
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<Rule> matching(DockerEvent event) {
    // A plain get first: computeIfAbsent may lock the bin even when the key is there, and after
    // the first events of each kind it always is.
    Map<String, Rule[]> byVerb = candidates.get(event.type());
    if (byVerb == null) {
      byVerb = candidates.computeIfAbsent(event.type(), t -> new ConcurrentHashMap<>());
    }
    String verb = event.verb();
    Rule[] tried = byVerb.get(verb);
    if (tried == null) {
      tried = byVerb.computeIfAbsent(verb, v -> candidates(event.type(), v));
    }
    List<Rule> matched = new ArrayList<>(2);
    // A gap's made-up events go to the rules that ask for them; the reactor's own events (what a
    // container action came to) are made up too, but only ever told, so every rule hears them.
    boolean told = !event.synthetic() || ContainerActing.EVENT_TYPE.equals(event.type());
    for (Rule rule : tried) {
      if ((told || rule.options().reconcile()) && rule.matches(event)) {
        matched.add(rule);
        if (rule.options().stop()) {
          break;
        }
      }
    }
    return matched;
  }

  private Rule[] candidates(String type, String verb) {
    List<Rule> result = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (types.get(i).map(s -> s.contains(type)).orElse(true)
          && verbs.get(i).map(s -> s.contains(verb)).orElse(true)) {
        result.add(rules.get(i));
      }
    }
    return result.toArray(new Rule[0]);
  }

  /**
   * The exact values every match block of the rule requires for the field, or empty when some block
   * accepts any value (no condition, or an operator such as a glob).
   */
  private static Optional<Set<String>> keys(Rule rule, String field, boolean verb) {
    Set<String> keys = new HashSet<>();
    for (EventPattern pattern : rule.patterns()) {
      Optional<Set<String>> block = Optional.empty();
      for (EventPattern.Condition condition : pattern.conditions()) {
        if (condition.field().name().equals(field)) {
          block = condition.matcher().indexKeys(verb);
          if (block.isPresent()) {
            break;
          }
        }
      }
      if (block.isEmpty()) {
        return Optional.empty();
      }
      keys.addAll(block.get());
    }
    return Optional.of(keys);
  }
}
