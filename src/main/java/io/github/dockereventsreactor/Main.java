package io.github.dockereventsreactor;

import io.github.dockereventsreactor.cli.ReactorCommand;
import picocli.CommandLine;

/** The entry point: configures logging, then hands the arguments to the command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    configureLogging();
    System.exit(ReactorCommand.commandLine().execute(args));
  }

  /** slf4j-simple reads these once, at its first logger: set them before anything logs. */
  private static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showLogName", "false");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    // docker-java and its HTTP client log every request at info or debug: keep their warnings only.
    setDefault("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
    setDefault("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
