package io.github.dockereventsreactor.ruletest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test file of {@code docker-events-reactor test}: the rules files under test and the cases run
 * against them.
 */
public record RuleTest(Path file, List<Path> rules, List<Case> cases) {

  public RuleTest {
    rules = List.copyOf(rules);
    cases = List.copyOf(cases);
  }

  /**
   * One case: events on the case's clock, the engine's answers they need (inspect documents by
   * container ID or name, the host name), and what each rule must do with them, per rule in order.
   * {@code only}: the rules whose doings are compared (empty: every rule).
   */
  public record Case(
      String name,
      int line,
      List<TimedEvent> events,
      Map<String, String> inspect,
      String host,
      Set<String> only,
      List<Expected> expected) {
    public Case {
      events = List.copyOf(events);
      inspect = Map.copyOf(inspect);
      only = Set.copyOf(only);
      expected = List.copyOf(expected);
    }
  }

  /**
   * An event's JSON, its time set (from the test's {@code at:} offset when it gives one), and the
   * line of the test file (or of the recorded file) it comes from.
   */
  public record TimedEvent(String json, String source) {}

  /**
   * One thing a rule must do, as fields to compare (see {@link Happening}): the kind's field first
   * ({@code run}, {@code webhook}, {@code nats}, {@code metric}, {@code skipped}, {@code
   * debounced}, {@code throttled}), then the others the test names; fields it does not name are not
   * compared.
   */
  public record Expected(String rule, int line, Map<String, String> fields) {
    public Expected {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
  }
}
