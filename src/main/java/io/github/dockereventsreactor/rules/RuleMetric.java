package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import java.util.Map;

/** A rule's own counter: incremented for every event the rule matches, with templated labels. */
public record RuleMetric(String name, Map<String, Template> labels) {

  public RuleMetric {
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /**
   * The counter's name without {@code _total}, which the exposition adds: x and x_total are one.
   */
  public String counterName() {
    return counterName(name);
  }

  static String counterName(String name) {
    return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
  }
}
