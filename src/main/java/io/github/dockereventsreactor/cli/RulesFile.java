package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code -c FILE} option every command shares, and loading it with every error printed. It is
 * required except where the command says otherwise ({@code run} has defaults).
 */
final class RulesFile {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The rules file (YAML). Required, except by run, which has defaults.")
  @Nullable Path path;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The file, which every command but run requires. */
  Path required() {
    if (path == null) {
      throw new ParameterException(
          command.commandLine(), "Missing required option: '--config=FILE'");
    }
    return path;
  }

  /** The rules, or empty after printing every problem in the compiler's format. */
  Optional<RuleSet> load(PrintWriter err) {
    Path path = required();
    try {
      return Optional.of(RulesLoader.load(path));
    } catch (InvalidRulesException e) {
      for (Problem problem : e.problems()) {
        err.println(problem);
      }
      err.println(path + ": " + e.problems().size() + " error(s), nothing loaded");
    } catch (NoSuchFileException e) {
      err.println(path + ": no such file");
    } catch (IOException e) {
      err.println(path + ": cannot read: " + e.getMessage());
    }
    err.flush();
    return Optional.empty();
  }
}
