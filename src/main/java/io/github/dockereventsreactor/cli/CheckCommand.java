package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.lint.Host;
import io.github.dockereventsreactor.lint.Lint;
import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RegularFile;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesSource;
import io.github.dockereventsreactor.rules.YamlDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code check}: validates a rules file, prints what each rule matches and runs, and warns. */
// picocli formats descriptions: %%%% prints %%.
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a rules file: print one line per rule (its name, what it matches, its"
          + " command), or every error with its file, line and column, and exit 1.",
      "Then warn, with file, line and column, of what will probably not work: a run command not"
          + " found on PATH or not executable, sudo as root or under NoNewPrivileges=yes, an event"
          + " type or action Docker and Podman never send, %%%%ip%%%% or %%%%container.…%%%% on events that"
          + " are not a container's, a rule a stop: true rule above always takes, metric names and"
          + " labels that collide or grow without bound. Warnings leave the exit status 0."
    })
final class CheckCommand implements Callable<Integer> {

  @Mixin RulesFile rulesFile;
  @Spec CommandSpec spec;

  @Option(
      names = "--as",
      paramLabel = "USER",
      description =
          "Look up commands as the daemon's user would under systemd (its permissions, systemd's"
              + " PATH for services), not as this process.")
  @Nullable String user;

  @Option(names = "--strict", description = "Treat warnings as errors: exit 1 when there is one.")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<RuleSet> rules = rulesFile.load(err);
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    List<String> problems = AdapterSettings.problems(rules.get().settings());
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println(rulesFile.path + ": " + p));
      err.flush();
      return ReactorCommand.INVALID_INPUT;
    }
    for (Rule rule : rules.get().rules()) {
      out.println(rule.describe());
    }
    out.flush();
    Host host;
    try {
      host = user == null ? ThisMachine.current() : ThisMachine.as(user);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot tell which user the daemon runs as: " + e.getMessage(), e);
    }
    RulesSource source =
        RulesSource.parse(
            rulesFile.required().toString(),
            new String(
                RegularFile.read(rulesFile.required(), YamlDocument.MAX_BYTES, "the rules file"),
                StandardCharsets.UTF_8));
    List<Problem> warnings = Lint.of(rules.get(), source, host);
    warnings.forEach(err::println);
    if (strict && !warnings.isEmpty()) {
      err.println(rulesFile.path + ": " + warnings.size() + " warning(s), errors under --strict");
    }
    err.flush();
    return strict && !warnings.isEmpty() ? ReactorCommand.INVALID_INPUT : 0;
  }
}
