package io.github.dockereventsreactor.ruletest;

import java.util.List;

/**
 * A case's result: passed when {@code failure} is empty, else the lines that say how the rules'
 * doings differ from the expected ones (a diff per rule).
 */
public record CaseResult(String name, int line, List<String> failure, long nanos) {

  public CaseResult {
    failure = List.copyOf(failure);
  }

  public boolean passed() {
    return failure.isEmpty();
  }
}
