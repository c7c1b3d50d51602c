package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What every check reads (the rules, their source, the host) and where it reports. */
public final class Findings {

  private final RuleSet rules;
  private final RulesSource source;
  private final Host host;
  private final List<Problem> warnings = new ArrayList<>();

  Findings(RuleSet rules, RulesSource source, Host host) {
    this.rules = rules;
    this.source = source;
    this.host = host;
  }

  public RuleSet rules() {
    return rules;
  }

  public RulesSource source() {
    return source;
  }

  public Host host() {
    return host;
  }

  /** A warning about a rule, at the value of the path inside it (or at its name). */
  public void warn(Rule rule, String message, Object... path) {
    warnAt(
        rule,
        source.value(RulesSource.inRule(rule.name(), path)).orElseGet(() -> nameOf(rule)),
        message);
  }

  /** A warning about a rule, at its name. */
  public void warnAtName(Rule rule, String message) {
    warnAt(rule, nameOf(rule), message);
  }

  public void warnAt(Rule rule, RulesSource.Position where, String message) {
    warnings.add(
        Problem.warning(
            source.file(),
            where.line(),
            where.column(),
            rule == null ? null : rule.name(),
            message));
  }

  private RulesSource.Position nameOf(Rule rule) {
    return source
        .key(RulesSource.inRule(rule.name()))
        .orElse(new RulesSource.Position(1, 1, false));
  }

  List<Problem> inFileOrder() {
    List<Problem> sorted = new ArrayList<>(warnings);
    sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return sorted;
  }
}
