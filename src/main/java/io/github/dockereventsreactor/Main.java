package io.github.dockereventsreactor;

import io.github.dockereventsreactor.cli.ReactorCommand;
import picocli.CommandLine;

/** The entry point: hands the arguments to the command line and exits with its status. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(ReactorCommand.commandLine().execute(args));
  }
}
