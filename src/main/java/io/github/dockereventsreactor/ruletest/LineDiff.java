package io.github.dockereventsreactor.ruletest;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of two texts, each marked as in both ({@code " "}), only expected ({@code "- "}) or
 * only actual ({@code "+ "}), by their longest common subsequence: a test's texts are a few dozen
 * lines, so the quadratic table costs nothing.
 */
final class LineDiff {

  private LineDiff() {}

  static List<String> of(List<String> expected, List<String> actual) {
    int n = expected.size();
    int m = actual.size();
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] =
            expected.get(i).equals(actual.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
        lines.add("  " + expected.get(i++));
        j++;
      } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
        lines.add("- " + expected.get(i++));
      } else {
        lines.add("+ " + actual.get(j++));
      }
    }
    return lines;
  }
}
