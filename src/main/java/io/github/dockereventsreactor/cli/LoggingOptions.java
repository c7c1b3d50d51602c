package io.github.dockereventsreactor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}, applied to logback before the command runs. */
final class LoggingOptions {

  /** The log line formats. */
  enum Format {
    human,
    json
  }

  @Option(
      names = "--log-format",
      paramLabel = "human|json",
      defaultValue = "${env:REACTOR_LOG_FORMAT:-human}",
      description =
          "human (default): readable lines; json: one JSON object a line (time, level, rule, event,"
              + " message). Default: $REACTOR_LOG_FORMAT, else human.")
  Format format;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "error, warn, info (default) or debug.")
  String level;

  void apply() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    if (format == Format.json) {
      LogSetup.use(context, new JsonLogLayout());
    }
  }
}
