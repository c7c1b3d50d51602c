package io.github.dockereventsreactor.match;

import java.util.List;
import java.util.stream.Collectors;

/** A test on one string value of an event, as written for one match key in the rules file. */
public sealed interface ValueMatcher {

  boolean test(String value);

  /** The matcher as the rules file would write it. */
  String describe();

  /** The value exactly. */
  record Exact(String expected) implements ValueMatcher {
    @Override
    public boolean test(String value) {
      return expected.equals(value);
    }

    @Override
    public String describe() {
      return expected;
    }
  }

  /**
   * An action verb that also matches the same action with detail after a colon, as Docker's own
   * filter does: {@code health_status} matches {@code health_status: unhealthy}.
   */
  record ActionWithDetail(String verb) implements ValueMatcher {
    @Override
    public boolean test(String value) {
      return value.startsWith(verb)
          && (value.length() == verb.length() || value.charAt(verb.length()) == ':');
    }

    @Override
    public String describe() {
      return verb;
    }
  }

  /** Any of the alternatives (a YAML list). */
  record AnyOf(List<ValueMatcher> alternatives) implements ValueMatcher {
    public AnyOf {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public boolean test(String value) {
      for (ValueMatcher alternative : alternatives) {
        if (alternative.test(value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return alternatives.stream()
          .map(ValueMatcher::describe)
          .collect(Collectors.joining(", ", "[", "]"));
    }
  }
}
