package io.github.dockereventsreactor.rules;

import java.util.Optional;

/**
 * Daemon settings from the file's {@code reactor:} block; flags and the environment override them.
 * {@code maxEventBytes}: the longest event line read; a longer one is skipped and logged.
 */
public record Settings(
    Optional<String> dockerHost,
    Optional<String> stateFile,
    MetricsSettings metrics,
    int maxEventBytes,
    NatsSettings nats,
    EngineSettings engine,
    JournalSettings journal) {

  public static final int DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

  public static final Settings DEFAULTS =
      new Settings(
          Optional.empty(),
          Optional.empty(),
          MetricsSettings.DEFAULTS,
          DEFAULT_MAX_EVENT_BYTES,
          NatsSettings.DEFAULTS,
          EngineSettings.DEFAULTS,
          JournalSettings.DEFAULTS);
}
