package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.List;

/**
 * {@code check}'s warnings: what a valid rules file will probably not do as meant (a command that
 * is not installed, an event that never comes, a rule never reached), each with its position.
 */
public final class Lint {

  /** Every check, in no particular order: warnings are sorted by position. */
  static final List<Check> CHECKS =
      List.of(
          new CommandsOnPath(),
          new NeedlessSudo(),
          new KnownEvents(),
          new ContainerPlaceholders(),
          new ShadowedRules(),
          new MetricCollisions(),
          new UnboundedMetricLabels(),
          new RemovedInspectFields(),
          new QueueOverHeap(),
          new JsonBodies());

  private Lint() {}

  public static List<Problem> of(RuleSet rules, RulesSource source, Host host) {
    Findings findings = new Findings(rules, source, host);
    CHECKS.forEach(check -> check.inspect(findings));
    return findings.inFileOrder();
  }
}
