package io.github.dockereventsreactor.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bound on the series of one metric: label values drawn from events (container names, labels) are
 * unbounded, so past the cap the open labels of a new series fold into {@code other}.
 */
final class SeriesCap {

  static final String OTHER = "other";

  private final int max;
  private final int firstOpenLabel;
  private final Set<List<String>> seen = new HashSet<>();

  /** Labels from {@code firstOpenLabel} on are the open ones that fold. */
  SeriesCap(int max, int firstOpenLabel) {
    this.max = max;
    this.firstOpenLabel = firstOpenLabel;
  }

  /** The label values to use: these, or the same with the open ones folded; null = folded. */
  synchronized List<String> admit(List<String> values) {
    if (seen.contains(values) || seen.size() < max) {
      seen.add(values);
      return values;
    }
    List<String> folded = new ArrayList<>(values.subList(0, firstOpenLabel));
    for (int i = firstOpenLabel; i < values.size(); i++) {
      folded.add(OTHER);
    }
    seen.add(folded);
    return folded;
  }
}
