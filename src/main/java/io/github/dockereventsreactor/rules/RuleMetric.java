package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import java.util.Map;

/** A rule's own counter: incremented for every event the rule matches, with templated labels. */
public record RuleMetric(String name, Map<String, Template> labels) {

  public RuleMetric {
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }
}
