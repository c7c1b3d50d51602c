package io.github.dockereventsreactor.ruletest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule's expected doings against its actual ones, in order: each actual happening is shown with
 * the fields its expectation at the same place names (all its main fields where there is none), and
 * the two texts are equal when the rule did what the test says.
 */
final class Comparison {

  private Comparison() {}

  /** The diff of a rule's doings, or empty when they are what the test expects. */
  static List<String> diff(List<RuleTest.Expected> expected, List<Happening> actual) {
    List<String> want = new ArrayList<>();
    List<String> got = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      RuleTest.Expected e = i < expected.size() ? expected.get(i) : null;
      Happening a = i < actual.size() ? actual.get(i) : null;
      if (e != null) {
        render(e.fields(), want);
      }
      if (a != null) {
        render(e == null ? unexpected(a) : shown(e, a), got);
      }
    }
    return want.equals(got) ? List.of() : LineDiff.of(want, got);
  }

  /** The actual fields the expectation names, in its order; "(none)" for one it lacks. */
  private static Map<String, String> shown(RuleTest.Expected expected, Happening actual) {
    Map<String, String> shown = new LinkedHashMap<>();
    if (!actual
        .kind()
        .equals(
            expected.fields().keySet().stream()
                .filter(Happening.KINDS::contains)
                .findFirst()
                .orElse(""))) {
      return unexpected(actual);
    }
    for (Map.Entry<String, String> field : expected.fields().entrySet()) {
      String value = actual.fields().get(field.getKey());
      if (value != null
          && field.getKey().equals("skipped")
          && matchesReason(field.getValue(), value)) {
        value = field.getValue();
      }
      shown.put(field.getKey(), value == null ? "(none)" : value);
    }
    return shown;
  }

  /** {@code skipped: true} stands for any reason, a text for a reason that holds it. */
  private static boolean matchesReason(String expected, String actual) {
    return expected.equals("true") || actual.contains(expected);
  }

  private static Map<String, String> unexpected(Happening actual) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String key : Happening.SHOWN_UNEXPECTED) {
      String value = actual.fields().get(key);
      if (value != null && !(key.equals("body") && value.isEmpty())) {
        shown.put(key, value);
      }
    }
    return shown;
  }

  /** As a YAML list item: one field a line, a multi-line value indented under its name. */
  private static void render(Map<String, String> fields, List<String> into) {
    String dash = "- ";
    for (Map.Entry<String, String> field : fields.entrySet()) {
      List<String> lines = field.getValue().lines().toList();
      if (field.getValue().isEmpty()) {
        into.add(dash + field.getKey() + ":");
      } else if (lines.size() <= 1) {
        into.add(dash + field.getKey() + ": " + field.getValue());
      } else {
        into.add(dash + field.getKey() + ":");
        lines.forEach(line -> into.add("    " + line));
      }
      dash = "  ";
    }
  }
}
