package io.github.dockereventsreactor.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used, with every problem found in it. */
public final class InvalidRulesException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  public InvalidRulesException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
