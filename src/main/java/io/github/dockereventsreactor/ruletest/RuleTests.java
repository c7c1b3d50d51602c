package io.github.dockereventsreactor.ruletest;

import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a test file: reads it, loads the rules files it names, runs each case. A test file that
 * cannot be read is broken; rules that do not load fail every case with their problems, as a change
 * that broke the rules should fail the test.
 */
public final class RuleTests {

  private RuleTests() {}

  public static FileResult run(Path file) {
    return run(file, Optional.empty());
  }

  /**
   * As {@link #run(Path)}, with {@code instead} in place of the rules files the test names: a new
   * version of them, tested before it is put in place (Salt's {@code check_cmd}).
   */
  public static FileResult run(Path file, Optional<Path> instead) {
    RuleTest test;
    try {
      test = TestFileReader.read(file);
    } catch (InvalidRulesException e) {
      return new FileResult(file, List.of(), e.problems().stream().map(Problem::toString).toList());
    } catch (NoSuchFileException e) {
      return new FileResult(file, List.of(), List.of(file + ": no such file"));
    } catch (IOException e) {
      return new FileResult(file, List.of(), List.of(file + ": cannot read: " + e.getMessage()));
    }
    List<RuleSet> rules = new ArrayList<>();
    List<String> unloaded = new ArrayList<>();
    for (Path path : instead.map(List::of).orElse(test.rules())) {
      try {
        rules.add(RulesLoader.load(path));
      } catch (InvalidRulesException e) {
        e.problems().forEach(p -> unloaded.add(p.toString()));
        unloaded.add(path + ": " + e.problems().size() + " error(s), nothing loaded");
      } catch (IOException e) {
        unloaded.add(path + ": cannot read: " + e.getMessage());
      }
    }
    List<CaseResult> results = new ArrayList<>();
    CaseRunner runner = new CaseRunner(rules);
    for (RuleTest.Case testCase : test.cases()) {
      results.add(
          unloaded.isEmpty()
              ? runner.run(testCase)
              : new CaseResult(testCase.name(), testCase.line(), unloaded, 0));
    }
    return new FileResult(file, results, List.of());
  }
}
