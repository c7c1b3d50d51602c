package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.ContainerFacts;
import java.util.List;
import java.util.Optional;

/**
 * Daemon settings from the file's {@code reactor:} block; flags and the environment override them.
 * {@code maxEventBytes}: the longest event line read; a longer one is skipped and logged. {@code
 * engines}: the file's {@code reactor.engines}, empty when it reads one engine located the usual
 * way (flag, {@code DOCKER_HOST}, {@code docker_host}, context, socket).
 */
public record Settings(
    Optional<String> dockerHost,
    Optional<String> stateFile,
    MetricsSettings metrics,
    int maxEventBytes,
    NatsSettings nats,
    EngineSettings engine,
    JournalSettings journal,
    List<NamedEngine> engines) {

  /** The name of the one engine of a file without {@code engines:}, as Docker names its own. */
  public static final String DEFAULT_ENGINE = ContainerFacts.DEFAULT_ENGINE;

  public Settings {
    engines = List.copyOf(engines);
  }

  public static final int DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

  public static final Settings DEFAULTS =
      new Settings(
          Optional.empty(),
          Optional.empty(),
          MetricsSettings.DEFAULTS,
          DEFAULT_MAX_EVENT_BYTES,
          NatsSettings.DEFAULTS,
          EngineSettings.DEFAULTS,
          JournalSettings.DEFAULTS,
          List.of());

  /** The names of the engines the reactor reads, in the file's order. */
  public List<String> engineNames() {
    return engines.isEmpty()
        ? List.of(DEFAULT_ENGINE)
        : engines.stream().map(NamedEngine::name).toList();
  }
}
