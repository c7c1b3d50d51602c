package io.github.dockereventsreactor.ruletest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

  /**
   * A kind of happening: its field, whose value says the most about it, and the details shown
   * beside it for a happening that no expectation describes.
   */
  private record Kind(String field, List<String> details) {}

  private static final List<Kind> KIND_FIELDS =
      List.of(
          new Kind("run", List.of()),
          new Kind("webhook", List.of("url")),
          new Kind("nats", List.of("subject", "body")),
          new Kind("container", List.of()),
          new Kind("metric", List.of()),
          new Kind("skipped", List.of()),
          new Kind("debounced", List.of()),
          new Kind("throttled", List.of()),
          new Kind("outcome", List.of()));

  /** The kinds of happening, each a field whose value says the most about it. */
  static final List<String> KINDS = KIND_FIELDS.stream().map(Kind::field).toList();

  /** Shown for an actual happening that no expectation describes: its events, kind and details. */
  static final List<String> SHOWN_UNEXPECTED =
      Stream.concat(
              Stream.of(EVENT),
              KIND_FIELDS.stream()
                  .flatMap(kind -> Stream.concat(Stream.of(kind.field()), kind.details().stream())))
          .toList();

  Happening {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The kind field's name: the first of {@link #KINDS} among the fields. */
  String kind() {
    return KINDS.stream().filter(fields::containsKey).findFirst().orElse("outcome");
  }
}
