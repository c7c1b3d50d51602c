package io.github.dockereventsreactor.match;

import com.google.re2j.Pattern;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A test on one value of an event, as written for one match key in the rules file. The value is
 * null when the event does not carry it: only {@link Exists} and {@link Not} can then hold.
 */
public sealed interface ValueMatcher {

  boolean test(@Nullable String value);

  /** The matcher as the rules file would write it. */
  String describe();

  /**
   * The keys outside which this matcher never holds, for the rule index: the exact values, or with
   * {@code verbs} the action verbs (what precedes a colon); empty when the set is open.
   */
  Optional<Set<String>> indexKeys(boolean verbs);

  /** The value exactly. */
  record Exact(String expected) implements ValueMatcher {
    @Override
    public boolean test(@Nullable String value) {
      return expected.equals(value);
    }

    @Override
    public String describe() {
      return expected;
    }

    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      int colon = expected.indexOf(':');
      return Optional.of(Set.of(verbs && colon >= 0 ? expected.substring(0, colon) : expected));
    }
  }

  /**
   * An action verb that also matches the same action with detail after a colon, as Docker's own
   * filter does: {@code health_status} matches {@code health_status: unhealthy}.
   */
  record ActionWithDetail(String verb) implements ValueMatcher {
    @Override
    public boolean test(@Nullable String value) {
      return value != null
          && value.startsWith(verb)
          && (value.length() == verb.length() || value.charAt(verb.length()) == ':');
    }

    @Override
    public String describe() {
      return verb;
    }

    /** Its values are open (any detail), its verb is one. */
    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      return verbs ? Optional.of(Set.of(verb)) : Optional.empty();
    }
  }

  /** Any of the alternatives (a YAML list). */
  record AnyOf(List<ValueMatcher> alternatives) implements ValueMatcher {
    public AnyOf {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public boolean test(@Nullable String value) {
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

    /** The union of the alternatives' keys; open when any one is. */
    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      Set<String> all = new HashSet<>();
      for (ValueMatcher alternative : alternatives) {
        Optional<Set<String>> one = alternative.indexKeys(verbs);
        if (one.isEmpty()) {
          return Optional.empty();
        }
        all.addAll(one.get());
      }
      return Optional.of(all);
    }
  }

  /**
   * A shell-style pattern over the whole value: {@code *} any run, {@code ?} one character, {@code
   * [abc]}, {@code [a-z]} and {@code [!abc]} one of a set. Matched in time linear in the value's
   * length (see {@link GlobPattern}), never through a regex.
   */
  record Glob(String glob, GlobPattern compiled) implements ValueMatcher {
    /** Compiles the glob; an unterminated {@code [} or an empty range is refused. */
    public static Glob of(String glob) throws InvalidGlobException {
      return new Glob(glob, GlobPattern.compile(glob));
    }

    @Override
    public boolean test(@Nullable String value) {
      return value != null && compiled.matches(value);
    }

    @Override
    public String describe() {
      return "{glob: " + glob + "}";
    }

    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Glob other && other.glob.equals(glob);
    }

    @Override
    public int hashCode() {
      return glob.hashCode();
    }
  }

  /**
   * A regular expression over the whole value, compiled once at load by RE2/J: its matching time is
   * linear in the value's length whatever the pattern, so a rule can never hold the reading thread
   * (which is why back-references and look-around, which RE2 cannot run in linear time, are refused
   * at load).
   */
  record Regex(Pattern compiled) implements ValueMatcher {
    @Override
    public boolean test(@Nullable String value) {
      return value != null && compiled.matcher(value).matches();
    }

    @Override
    public String describe() {
      return "{regex: " + compiled.pattern() + "}";
    }

    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Regex regex && regex.compiled.pattern().equals(compiled.pattern());
    }

    @Override
    public int hashCode() {
      return compiled.pattern().hashCode();
    }
  }

  /** The opposite of another matcher; a missing value is "not" anything. */
  record Not(ValueMatcher negated) implements ValueMatcher {
    @Override
    public boolean test(@Nullable String value) {
      return !negated.test(value);
    }

    @Override
    public String describe() {
      return "{not: " + negated.describe() + "}";
    }

    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      return Optional.empty();
    }
  }

  /** Whether the event carries the value at all. */
  record Exists(boolean expected) implements ValueMatcher {
    @Override
    public boolean test(@Nullable String value) {
      return (value != null) == expected;
    }

    @Override
    public String describe() {
      return "{exists: " + expected + "}";
    }

    @Override
    public Optional<Set<String>> indexKeys(boolean verbs) {
      return Optional.empty();
    }
  }
}
