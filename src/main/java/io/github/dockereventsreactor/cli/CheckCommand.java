package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.rules.RemovedInspectFields;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code check}: validates a rules file and prints what each rule matches and runs. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Validate a rules file: print one line per rule (its name, what it matches, its"
            + " command), or every error with its file, line and column, and exit 1.")
final class CheckCommand implements Callable<Integer> {

  @Mixin RulesFile rulesFile;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<RuleSet> rules = rulesFile.load(spec.commandLine().getErr());
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    for (Rule rule : rules.get().rules()) {
      out.println(rule.describe());
    }
    out.flush();
    warnAboutRemovedFields();
    return 0;
  }

  private void warnAboutRemovedFields() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      RemovedInspectFields.warnings(
              rulesFile.path.toString(), Files.readString(rulesFile.path, StandardCharsets.UTF_8))
          .forEach(err::println);
    } catch (IOException e) {
      err.println(rulesFile.path + ": cannot read again for warnings: " + e.getMessage());
    }
    err.flush();
  }
}
