package io.github.dockereventsreactor.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, read from
 * the rules file and the command line, and written back the same way in messages.
 */
public final class DurationText {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /**
   * The longest duration: a deadline is {@code System.nanoTime()} plus the duration in nanoseconds,
   * which a long holds only up to 292 years; 999999999h, which the format allows, would fail each
   * command (after starting it) or each stop instead of being refused here.
   */
  static final Duration LONGEST = Duration.ofDays(36_500);

  private DurationText() {}

  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a duration: write a whole number and a unit, as 500ms, 2s, 1m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is longer than the longest duration, 876000h (100 years)");
    }
    return duration;
  }

  /**
   * The duration in the largest unit that holds it whole, as the operator would write it: so a
   * message names {@code 90s} where the rules file said {@code 90s}. Below a millisecond is
   * dropped.
   */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
