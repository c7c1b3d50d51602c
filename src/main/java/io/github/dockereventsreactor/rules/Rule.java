package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.ValueMatcher;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One named rule: the events it wants (any of its match blocks), what it does for each (nothing
 * when it only counts), its options, its own metric, and the engines it listens to (every one when
 * {@code engines} is empty).
 */
public record Rule(
    String name,
    List<EventPattern> patterns,
    List<Action> actions,
    RuleOptions options,
    Optional<RuleMetric> metric,
    Optional<ValueMatcher> engines) {

  public Rule {
    patterns = List.copyOf(patterns);
    actions = List.copyOf(actions);
  }

  /** A rule of every engine. */
  public Rule(
      String name,
      List<EventPattern> patterns,
      List<Action> actions,
      RuleOptions options,
      Optional<RuleMetric> metric) {
    this(name, patterns, actions, options, metric, Optional.empty());
  }

  /** True when the rule takes the events of the engine of this name. */
  public boolean listensTo(String engine) {
    return engines.isEmpty() || engines.get().test(engine);
  }

  public boolean matches(DockerEvent event) {
    for (EventPattern pattern : patterns) {
      if (pattern.matches(event)) {
        return true;
      }
    }
    return false;
  }

  /** One line for {@code check}: name, what it matches, what it does. */
  public String describe() {
    return name
        + ": on "
        + patterns.stream().map(EventPattern::describe).collect(Collectors.joining(" | or | "))
        + engines.map(e -> " from engine " + e.describe()).orElse("")
        + actions.stream().map(a -> " " + a.describe()).collect(Collectors.joining())
        + metric.map(m -> " count " + m.name()).orElse("")
        + (options.equals(RuleOptions.DEFAULTS) ? "" : " " + options.describe());
  }
}
