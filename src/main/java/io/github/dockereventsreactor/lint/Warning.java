package io.github.dockereventsreactor.lint;

/**
 * Something in a valid rules file that will probably not do what its author meant, in the
 * compiler's format: {@code reactor.yml:9:12: warning: rule "X": message}.
 */
public record Warning(String file, int line, int column, String rule, String message) {

  @Override
  public String toString() {
    String about = rule == null ? "" : "rule \"" + rule + "\": ";
    return String.format("%s:%d:%d: warning: %s%s", file, line, column, about, message);
  }
}
