package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.rules.DurationText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since} as written: Unix seconds with up to nine decimals ({@code 1795535393.5}), an ISO
 * instant ({@code 2026-11-25T10:00:00Z}), or a duration before {@code now} ({@code 10m}); in Unix
 * nanoseconds, the engine's own unit.
 */
final class SinceText {

  private static final Pattern SECONDS = Pattern.compile("(\\d{1,10})(?:\\.(\\d{1,9}))?");

  private SinceText() {}

  static long parse(String text, Instant now) {
    Matcher seconds = SECONDS.matcher(text);
    if (seconds.matches()) {
      long nanos =
          seconds.group(2) == null
              ? 0
              : Long.parseLong((seconds.group(2) + "00000000").substring(0, 9));
      return nanos(Instant.ofEpochSecond(Long.parseLong(seconds.group(1)), nanos));
    }
    try {
      return nanos(Instant.parse(text));
    } catch (DateTimeParseException notAnInstant) {
      try {
        return nanos(now.minus(DurationText.parse(text)));
      } catch (IllegalArgumentException notADuration) {
        throw new IllegalArgumentException(
            "expected Unix seconds (1795535393.5), an ISO instant (2026-11-25T10:00:00Z) or a"
                + " duration ago (10m), found \""
                + text
                + "\"",
            notADuration);
      }
    }
  }

  private static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(instant + " is past what Unix nanoseconds hold (2262)", e);
    }
  }
}
