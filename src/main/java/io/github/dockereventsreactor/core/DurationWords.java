package io.github.dockereventsreactor.core;

import java.time.Duration;

/** A duration as an operator writes it in the rules file: 500ms, 2s, 1m, 1h. */
final class DurationWords {

  private DurationWords() {}

  static String of(Duration d) {
    long ms = d.toMillis();
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
