package io.github.dockereventsreactor.docker;

import java.util.Optional;

/**
 * The Engine API versions the reactor is tested against: Docker 20.10 (1.41) to Docker 29 (1.52).
 */
final class ApiRange {

  static final String OLDEST = "1.41";
  static final String NEWEST = "1.52";

  private ApiRange() {}

  /** A warning for a version outside the tested range, or empty. */
  static Optional<String> warning(String version) {
    Optional<int[]> parsed = parse(version);
    if (parsed.isEmpty()) {
      return Optional.of(
          "the engine speaks API version \"" + version + "\", which the reactor cannot read");
    }
    if (compare(parsed.get(), parse(OLDEST).orElseThrow()) < 0
        || compare(parsed.get(), parse(NEWEST).orElseThrow()) > 0) {
      return Optional.of(
          "the engine speaks API "
              + version
              + ", outside the range the reactor is tested with ("
              + OLDEST
              + " to "
              + NEWEST
              + "): events and inspect fields may differ from what rules expect");
    }
    return Optional.empty();
  }

  private static Optional<int[]> parse(String version) {
    String[] parts = version.split("\\.");
    if (parts.length != 2 || !parts[0].matches("\\d{1,4}") || !parts[1].matches("\\d{1,4}")) {
      return Optional.empty();
    }
    return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
  }

  private static int compare(int[] a, int[] b) {
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }
}
