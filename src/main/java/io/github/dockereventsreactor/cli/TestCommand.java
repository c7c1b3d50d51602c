package io.github.dockereventsreactor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.ruletest.CaseResult;
import io.github.dockereventsreactor.ruletest.FileResult;
import io.github.dockereventsreactor.ruletest.JUnitReport;
import io.github.dockereventsreactor.ruletest.RuleTests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code test}: rules tested like code, from files of events and the doings they must cause. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run the cases of each test file against the rules files it names: each case's events go"
          + " through the rules as replay sends them (the lanes, debounce, throttle and batches on"
          + " a clock that moves to each event's time) and what each rule would run, call,"
          + " publish, count, skip or hold is compared with what the case expects. Nothing is"
          + " ever run.",
      "Exit status: 0 when every case passed, 1 when one failed (a diff of expected and actual"
          + " says how), 2 when a test file is broken (file:line:col says where).",
      "The format: docs/testing-rules.md."
    })
final class TestCommand implements Callable<Integer> {

  /** Exit status for a test file that cannot be read: picocli's for a usage error too. */
  static final int BROKEN = 2;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Test files (YAML).")
  List<Path> files;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the results as JUnit XML to FILE, for CI systems.")
  @Nullable Path junit;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description =
          "Test this rules file in place of the ones the test files name: a new version, before"
              + " it replaces the installed one (a rules file check refuses fails every case with"
              + " check's errors).")
  @Nullable Path rules;

  /**
   * A new rules file must also pass what {@code check} judges beyond loading, its {@code reactor:}
   * settings as {@code run} would take them: the Salt gate runs only this command. A file that does
   * not load is the cases' to report.
   */
  private static boolean settingsAccepted(Path rules, PrintWriter err) throws IOException {
    RuleSet loaded;
    try {
      loaded = RulesLoader.load(rules);
    } catch (InvalidRulesException e) {
      return true;
    }
    List<String> problems = AdapterSettings.problems(loaded.settings());
    problems.forEach(p -> err.println(rules + ": " + p));
    err.flush();
    return problems.isEmpty();
  }

  @Override
  public Integer call() throws IOException {
    // The report is the output: the log lines the reactor would write (a throttle's summary)
    // are not, and an internal error's are. The level is put back for whoever runs next in this
    // JVM (the tests run commands in one).
    Logger root =
        (Logger) LoggerFactory.getILoggerFactory().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.ERROR);
    try {
      return report();
    } finally {
      root.setLevel(before);
    }
  }

  private int report() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rules != null && !settingsAccepted(rules, err)) {
      return ReactorCommand.INVALID_INPUT;
    }
    List<FileResult> results = new ArrayList<>();
    int passed = 0;
    int failed = 0;
    int broken = 0;
    for (Path file : files) {
      FileResult result = RuleTests.run(file, Optional.ofNullable(rules));
      results.add(result);
      if (!result.broken().isEmpty()) {
        broken++;
        out.flush();
        result.broken().forEach(err::println);
        err.println(file + ": broken test file, not run");
        err.flush();
        continue;
      }
      out.println(file);
      for (CaseResult c : result.cases()) {
        if (c.passed()) {
          passed++;
          out.println("  ok    " + c.name());
        } else {
          failed++;
          out.println("  FAIL  " + c.name() + " (" + file + ":" + c.line() + ")");
          c.failure().forEach(line -> out.println("        " + line));
        }
      }
    }
    out.println(
        (passed + failed)
            + " case(s) in "
            + files.size()
            + " file(s): "
            + passed
            + " passed, "
            + failed
            + " failed"
            + (broken == 0 ? "" : ", " + broken + " file(s) broken"));
    out.flush();
    if (junit != null) {
      JUnitReport.write(results, junit);
    }
    return broken > 0 ? BROKEN : failed > 0 ? ReactorCommand.INVALID_INPUT : 0;
  }
}
