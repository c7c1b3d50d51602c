package io.github.dockereventsreactor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code docker-events-reactor run|check|replay|explain}. */
@Command(
    name = "docker-events-reactor",
    mixinStandardHelpOptions = true,
    versionProvider = ReactorCommand.Version.class,
    description = "Reacts to a Docker Engine's events with the commands of YAML rules.",
    subcommands = {RunCommand.class, CheckCommand.class, ReplayCommand.class, ExplainCommand.class})
public final class ReactorCommand {

  /** Exit status for a rules file that cannot be used, or input lines that could not be read. */
  static final int INVALID_INPUT = 1;

  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ReactorCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("docker-events-reactor: " + e.getMessage());
          return 1;
        });
    return commandLine;
  }

  /** The version from the jar's manifest, written by Maven from the POM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ReactorCommand.class.getPackage().getImplementationVersion();
      return new String[] {"docker-events-reactor " + (version == null ? "(development build)" : version)};
    }
  }
}
