package io.github.dockereventsreactor.rules;

/**
 * One error in a rules file, in the compiler's format: {@code reactor.yml:12:7: rule "X": message}.
 * Line and column count from 1.
 */
public record Problem(String file, int line, int column, String rule, String message) {

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (rule == null ? "" : "rule \"" + rule + "\": ")
        + message;
  }
}
