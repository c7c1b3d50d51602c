package io.github.dockereventsreactor.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Refuses a regex whose counted repetitions would compile to a program too large for the heap.
 * RE2/J matches in linear time but, unlike RE2 in C++, has no memory budget: {@code
 * ((a{1000}){1000}){1000}} makes it expand a billion instructions and run out of memory at load.
 * Like RE2, the product of nested repeat counts may not pass 1,000; the counts of a whole pattern
 * together may not pass 100,000.
 */
final class RepeatCounts {

  static final int MAX_NESTED = 1_000;
  static final int MAX_TOTAL = 100_000;

  /** One group being read: the largest repeat product inside it, and that of its last element. */
  private static final class Group {
    long largest = 1;
    long last = 1;
  }

  private RepeatCounts() {}

  /** Why the pattern repeats too much, or empty. Syntax errors are left to the compiler. */
  static Optional<String> tooLarge(String regex) {
    Deque<Group> groups = new ArrayDeque<>();
    Group current = new Group();
    long total = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = afterEscape(regex, i);
        current.last = 1;
      } else if (c == '[') {
        i = afterClass(regex, i);
        current.last = 1;
      } else if (c == '(') {
        groups.push(current);
        current = new Group();
      } else if (c == ')' && !groups.isEmpty()) {
        long inner = current.largest;
        current = groups.pop();
        current.last = inner;
        current.largest = Math.max(current.largest, inner);
      } else if (c == '{' && count(regex, i) > 0) {
        long product = Math.min(current.last * count(regex, i), MAX_TOTAL + 1L);
        if (product > MAX_NESTED) {
          return Optional.of(
              "nested repeat counts multiply to more than "
                  + MAX_NESTED
                  + " (too large to compile)");
        }
        total += product;
        if (total > MAX_TOTAL) {
          return Optional.of(
              "repeat counts add up to more than " + MAX_TOTAL + " (too large to compile)");
        }
        current.last = product;
        current.largest = Math.max(current.largest, product);
        i = regex.indexOf('}', i);
      } else {
        current.last = 1;
      }
    }
    return Optional.empty();
  }

  /** The larger bound of a repeat {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}, or 0. */
  private static long count(String regex, int i) {
    int end = regex.indexOf('}', i);
    if (end < 0) {
      return 0;
    }
    String inside = regex.substring(i + 1, end);
    if (!inside.matches("\\d{1,9}(,\\d{0,9})?")) {
      return 0;
    }
    String[] bounds = inside.split(",", -1);
    String larger = bounds.length == 2 && !bounds[1].isEmpty() ? bounds[1] : bounds[0];
    return Math.max(1, Long.parseLong(larger));
  }

  /** The index of the escape's last character: {@code \p{Greek}} and {@code \x{41}} included. */
  private static int afterEscape(String regex, int i) {
    int letter = i + 1;
    if (letter + 1 < regex.length() && regex.charAt(letter + 1) == '{') {
      int end = regex.indexOf('}', letter);
      return end < 0 ? regex.length() : end;
    }
    return letter;
  }

  /**
   * The index of the {@code ]} closing the class at {@code i} (a leading {@code ]} is a member).
   */
  private static int afterClass(String regex, int i) {
    int j = i + 1;
    if (j < regex.length() && regex.charAt(j) == '^') {
      j++;
    }
    if (j < regex.length() && regex.charAt(j) == ']') {
      j++;
    }
    for (; j < regex.length(); j++) {
      char c = regex.charAt(j);
      if (c == '\\') {
        j = afterEscape(regex, j);
      } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
        int end = regex.indexOf(":]", j + 2);
        j = end < 0 ? j : end + 1;
      } else if (c == ']') {
        return j;
      }
    }
    return regex.length();
  }
}
