package io.github.dockereventsreactor.rules;

import java.util.Optional;

/** Daemon settings from the file's {@code reactor:} block; flags and the environment override them. */
public record Settings(
    Optional<String> dockerHost,
    Optional<String> stateFile,
    MetricsSettings metrics,
    JournalSettings journal) {

  public static final Settings DEFAULTS =
      new Settings(
          Optional.empty(), Optional.empty(), MetricsSettings.DEFAULTS, JournalSettings.DEFAULTS);
}
