package io.github.dockereventsreactor.ruletest;

import java.nio.file.Path;
import java.util.List;

/**
 * A test file's outcome: the result of each case, or, when the file could not be read, the problems
 * that broke it (each as {@code check} prints them, {@code file:line:col: message}).
 */
public record FileResult(Path file, List<CaseResult> cases, List<String> broken) {

  public FileResult {
    cases = List.copyOf(cases);
    broken = List.copyOf(broken);
  }

  public boolean passed() {
    return broken.isEmpty() && cases.stream().allMatch(CaseResult::passed);
  }
}
