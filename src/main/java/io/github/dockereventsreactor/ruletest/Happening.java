package io.github.dockereventsreactor.ruletest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one rule did with one event (or a batch of them), as named fields in a fixed order: the
 * events ({@code event}: their numbers in the case, from 1), when ({@code at}: after the case's
 * start), the kind's own field ({@code run}, {@code webhook}, {@code nats}, {@code metric}, {@code
 * skipped}, {@code debounced}, {@code throttled}, {@code outcome}) and the kind's details. A test's
 * expectation names the same fields; only those it names are compared, so a test pins what matters
 * to it. A new kind of action (such as a container action) is a new kind field and its details:
 * {@link Recorder} makes it from the new {@code Prepared} variant, {@link TestFileReader} reads its
 * expectation into the same fields.
 */
record Happening(String rule, Map<String, String> fields) {

  /** The fields every kind may have, shown first: which events, and when. */
  static final String EVENT = "event";

  static final String AT = "at";

  /** The kinds of happening, each a field whose value says the most about it. */
  static final java.util.List<String> KINDS =
      java.util.List.of(
          "run",
          "webhook",
          "nats",
          "container",
          "metric",
          "skipped",
          "debounced",
          "throttled",
          "outcome");

  Happening {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The kind field's name: the first of {@link #KINDS} among the fields. */
  String kind() {
    return KINDS.stream().filter(fields::containsKey).findFirst().orElse("outcome");
  }
}
