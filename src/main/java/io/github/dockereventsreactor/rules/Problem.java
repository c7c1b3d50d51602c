package io.github.dockereventsreactor.rules;

import org.jspecify.annotations.Nullable;

/**
 * One finding in a rules file, in the compiler's format: an error of the loader, {@code
 * reactor.yml:12:7: rule "X": message}, or a warning of {@code check} about a valid file, {@code
 * reactor.yml:9:12: warning: rule "X": message}. Line and column count from 1.
 */
public record Problem(
    String file, int line, int column, @Nullable String rule, String message, Severity severity) {

  /** Whether the file cannot be loaded, or loads but will probably not do what was meant. */
  public enum Severity {
    ERROR(""),
    WARNING("warning: ");

    private final String prefix;

    Severity(String prefix) {
      this.prefix = prefix;
    }
  }

  /** An error: the file cannot be loaded. */
  public Problem(String file, int line, int column, @Nullable String rule, String message) {
    this(file, line, column, rule, message, Severity.ERROR);
  }

  /** A warning: the file loads, but will probably not do what its author meant. */
  public static Problem warning(
      String file, int line, int column, @Nullable String rule, String message) {
    return new Problem(file, line, column, rule, message, Severity.WARNING);
  }

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + severity.prefix
        + (rule == null ? "" : "rule \"" + rule + "\": ")
        + message;
  }
}
