package io.github.dockereventsreactor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
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
