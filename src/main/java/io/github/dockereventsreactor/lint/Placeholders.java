package io.github.dockereventsreactor.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The placeholders written in a string, with where each starts: what the checks point at. */
final class Placeholders {

  /** As the template parser reads them; a default after {@code |} always gives a value. */
  private static final Pattern PLACEHOLDER = Pattern.compile("%%([^%|\\s]+)(\\|[^%]*)?%%");

  /** One placeholder: its name, whether it has a default, its offset in the string. */
  record Found(String name, boolean hasDefault, int offset) {}

  private Placeholders() {}

  static List<Found> in(String text) {
    List<Found> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(new Found(m.group(1), m.group(2) != null, m.start()));
    }
    return found;
  }
}
