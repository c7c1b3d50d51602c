package io.github.dockereventsreactor.rules;

import java.util.List;

/** Every rule of a rules file, in file order, and its daemon settings. */
public record RuleSet(List<Rule> rules, Settings settings) {

  public RuleSet {
    rules = List.copyOf(rules);
  }

  /** The rules that listen to the engine of this name, with the same settings. */
  public RuleSet forEngine(String engine) {
    return new RuleSet(rules.stream().filter(r -> r.listensTo(engine)).toList(), settings);
  }
}
