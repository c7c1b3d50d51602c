package io.github.dockereventsreactor.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bound on the series of one metric: label values drawn from events (container names, labels) are
 * unbounded, in number and in length, so past the cap the open labels of a new series fold into
 * {@code other}, and so does an open label's value too long to keep.
 */
final class SeriesCap {

  static final String OTHER = "other";

  /**
   * The longest value an open label keeps: a series holds its values for the process's life, and a
   * container's label may be megabytes (an event line up to 4 MiB), so a few hundred series of long
   * values, within the cap, would take the heap.
   */
  static final int MAX_VALUE_CHARS = 1024;

  private final int max;
  private final int firstOpenLabel;
  private final Set<List<String>> seen = new HashSet<>();

  /** Labels from {@code firstOpenLabel} on are the open ones that fold. */
  SeriesCap(int max, int firstOpenLabel) {
    this.max = max;
    this.firstOpenLabel = firstOpenLabel;
  }

  /**
   * The label values to use: these, or the same with the open ones folded (a value longer than
   * {@link #MAX_VALUE_CHARS} always); another list than {@code values} when any is.
   */
  synchronized List<String> admit(List<String> values) {
    List<String> kept = bounded(values);
    if (seen.contains(kept) || seen.size() < max) {
      seen.add(kept);
      return kept;
    }
    List<String> folded = new ArrayList<>(values.subList(0, firstOpenLabel));
    for (int i = firstOpenLabel; i < values.size(); i++) {
      folded.add(OTHER);
    }
    seen.add(folded);
    return folded;
  }

  /** The values with each open one longer than {@link #MAX_VALUE_CHARS} folded; these if none. */
  private List<String> bounded(List<String> values) {
    List<String> bounded = null;
    for (int i = firstOpenLabel; i < values.size(); i++) {
      if (values.get(i).length() > MAX_VALUE_CHARS) {
        bounded = bounded == null ? new ArrayList<>(values) : bounded;
        bounded.set(i, OTHER);
      }
    }
    return bounded == null ? values : bounded;
  }
}
