package io.github.dockereventsreactor.rules;

import java.util.List;
import java.util.Optional;

/**
 * The file's {@code reactor.metrics} block: where to serve {@code /metrics}, which event attributes
 * become extra labels of {@code docker_events_total}, and the cap on series per metric.
 */
public record MetricsSettings(
    Optional<String> listen, List<String> labels, boolean healthStatusDetail, int maxSeries) {

  public static final MetricsSettings DEFAULTS =
      new MetricsSettings(Optional.empty(), List.of(), false, 500);

  public MetricsSettings {
    labels = List.copyOf(labels);
  }
}
