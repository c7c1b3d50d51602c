package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule's own keys: a misspelt one is a load error at its place, naming the keys there are. */
class RuleKeysTest {

  private static final String KNOWN =
      "(known: event, run, env, cwd, stdin, output, webhook, nats, container, metric, timeout,"
          + " concurrency, queue, overflow, reconcile, stop, debounce, throttle, key, order, batch,"
          + " engine)";

  private static List<String> problems(String rule) {
    InvalidRulesException e =
        catchThrowableOfType(
            InvalidRulesException.class,
            () -> RulesLoader.parse("r.yml", "events_reactor:\n  R:\n" + rule));
    assertThat(e).as("a load error").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void anUnknownKeyOfARuleIsALoadErrorAtItsPlace() {
    assertThat(problems("    run: [x]\n    evnt: {type: container}\n"))
        .containsExactly("r.yml:4:5: rule \"R\": unknown key \"evnt\" " + KNOWN);
  }

  @Test
  void thePrefixOfAKnownKeyIsNoKey() {
    assertThat(problems("    run: [x]\n    ru: [y]\n"))
        .containsExactly("r.yml:4:5: rule \"R\": unknown key \"ru\" " + KNOWN);
  }

  /** Before: the key was looked up as a substring of the known list, so a run of keys passed. */
  @Test
  void aRunOfKnownKeysIsNoKey() {
    assertThat(problems("    run: [x]\n    'key, order': y\n"))
        .containsExactly("r.yml:4:5: rule \"R\": unknown key \"key, order\" " + KNOWN);
  }
}
