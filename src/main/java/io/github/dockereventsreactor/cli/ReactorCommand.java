package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.core.ErrorWords;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** The root command: {@code docker-events-reactor run|check|replay|explain}. */
@Command(
    name = "docker-events-reactor",
    mixinStandardHelpOptions = true,
    versionProvider = ReactorCommand.Version.class,
    description = "Reacts to a Docker Engine's events with the commands of YAML rules.")
public final class ReactorCommand {

  /**
   * The subcommands, in the order the help lists them. Built only when asked for: picocli reads
   * each command's annotations by reflection, and building all four was most of a short {@code
   * replay}'s start-up.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  /** Exit status for a rules file that cannot be used, or input lines that could not be read. */
  static final int INVALID_INPUT = 1;

  /** The whole command line, every subcommand built. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments: with only the subcommand they name, when they start with
   * one; with all of them otherwise (the root's help, a usage error).
   */
  public static CommandLine commandLine(String[] args) {
    CommandLine commandLine = new CommandLine(new ReactorCommand());
    Supplier<Object> named = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
    if (named != null) {
      commandLine.addSubcommand(args[0], named.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
    if (args.length > 0 && named == null && !args[0].startsWith("-")) {
      // picocli lets a help option answer with the root's help before it refuses an unknown
      // command: "frobnicate --help" printed it and exited 0.
      commandLine.setExecutionStrategy(
          parsed -> {
            throw new ParameterException(
                commandLine,
                "Unknown command '"
                    + args[0]
                    + "': the commands are "
                    + String.join(", ", SUBCOMMANDS.keySet()));
          });
    }
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("docker-events-reactor: " + said(e));
          return 1;
        });
    return commandLine;
  }

  /**
   * What went wrong, in words: the message of a file's exception without a reason (a file of events
   * that does not exist or cannot be read) is its bare path, which says nothing of why.
   */
  static String said(Exception e) {
    if (e instanceof FileSystemException file && file.getReason() == null) {
      // NoSuchFileException: "no such file"; AccessDeniedException: "access denied".
      return ErrorWords.message(file);
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      // An exception without a message (a bug's NoSuchElementException, NullPointerException)
      // printed "null": what kind of failure it was is the least to say.
      return "internal error ("
          + ErrorWords.kind(e)
          + ", without a message): please report it with the command that led to it";
    }
    return e.getMessage();
  }

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("run", RunCommand::new);
    all.put("check", CheckCommand::new);
    all.put("replay", ReplayCommand::new);
    all.put("explain", ExplainCommand::new);
    all.put("test", TestCommand::new);
    all.put("health", HealthCommand::new);
    all.put("reload", ReloadCommand::new);
    return Collections.unmodifiableMap(all);
  }

  /** The version from the POM and the commit the build comes from, both written by Maven. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties build = new Properties();
      build.setProperty("commit", resource("commit").strip());
      try {
        build.load(new StringReader(resource("build.properties")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String version = build.getProperty("version", "(development build)");
      String commit = build.getProperty("commit");
      return new String[] {
        "docker-events-reactor " + version,
        commit.isEmpty()
            ? "built outside a git clone: commit unknown"
            : "built from commit " + commit.replace("-dirty", " with uncommitted changes")
      };
    }

    private static String resource(String name) {
      try (InputStream in =
          ReactorCommand.class.getResourceAsStream("/io/github/dockereventsreactor/" + name)) {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + " from the jar", e);
      }
    }
  }
}
