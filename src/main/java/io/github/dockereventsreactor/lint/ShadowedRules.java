package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.ValueMatcher;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;

/**
 * A rule that never fires because a {@code stop: true} rule above it matches every event it does.
 * Decided conservatively: only where each condition of the rule above is implied by a condition of
 * this one on the same key.
 */
final class ShadowedRules implements Check {

  @Override
  public void inspect(Findings findings) {
    List<Rule> rules = findings.rules().rules();
    for (int i = 0; i < rules.size(); i++) {
      for (int above = 0; above < i; above++) {
        Rule stopper = rules.get(above);
        if (stopper.options().stop() && covers(stopper, rules.get(i))) {
          findings.warnAtName(
              rules.get(i),
              "never fires: rule \""
                  + stopper.name()
                  + "\" above has stop: true and matches every"
                  + " event this one does");
          break;
        }
      }
    }
  }

  /** Every event {@code below} matches, {@code above} matches too (synthetic ones included). */
  private static boolean covers(Rule above, Rule below) {
    if (below.options().reconcile() && !above.options().reconcile()) {
      return false;
    }
    return below.patterns().stream()
        .allMatch(b -> above.patterns().stream().anyMatch(a -> covers(a, b)));
  }

  private static boolean covers(EventPattern above, EventPattern below) {
    return above.conditions().stream()
        .allMatch(
            a ->
                below.conditions().stream()
                    .anyMatch(
                        b ->
                            a.field().name().equals(b.field().name())
                                && implies(b.matcher(), a.matcher())));
  }

  /** Whether every value {@code narrow} accepts, {@code wide} accepts. */
  private static boolean implies(ValueMatcher narrow, ValueMatcher wide) {
    if (narrow.equals(wide)) {
      return true;
    }
    if (narrow instanceof ValueMatcher.Exact exact) {
      return wide.test(exact.expected());
    }
    if (narrow instanceof ValueMatcher.AnyOf anyOf) {
      return anyOf.alternatives().stream().allMatch(n -> implies(n, wide));
    }
    return wide instanceof ValueMatcher.AnyOf anyOf
        && anyOf.alternatives().stream().anyMatch(w -> implies(narrow, w));
  }
}
