package io.github.dockereventsreactor.rules;

import java.util.List;

/** Every rule of a rules file, in file order, and its daemon settings. */
public record RuleSet(List<Rule> rules, Settings settings) {

  public RuleSet {
    rules = List.copyOf(rules);
  }
}
