package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.rules.MetricsSettings;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code where} labels of {@code reactor_internal_errors_total} are what dashboards and alerts
 * select on: each step has its series from the start, under the word it always had.
 */
class InternalErrorSeriesTest {

  @Test
  void everyStepIsCountedUnderItsWord() {
    // The counter is the reactor's own, whatever the rules: none are loaded.
    ReactorMetrics metrics =
        new ReactorMetrics(
            MetricsSettings.DEFAULTS,
            id -> Optional.empty(),
            new ReactorMetrics.Queues(Map::of, Map::of, Map::of),
            "test");

    metrics.internalError(HandlingStep.LISTENER);
    metrics.internalError(HandlingStep.LISTENER);
    metrics.internalError(HandlingStep.READ);

    assertThat(counts(metrics))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "read", 1.0,
                "facts", 0.0,
                "annotate", 0.0,
                "roster", 0.0,
                "listener", 2.0,
                "match", 0.0,
                "queue", 0.0));
  }

  @Test
  void theHelpNamesEveryStep() {
    ReactorMetrics metrics =
        new ReactorMetrics(
            MetricsSettings.DEFAULTS,
            id -> Optional.empty(),
            new ReactorMetrics.Queues(Map::of, Map::of, Map::of),
            "test");

    String help =
        metrics.registry().scrape().stream()
            .filter(s -> s.getMetadata().getName().equals("reactor_internal_errors"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getHelp();

    assertThat(help)
        .isEqualTo(
            "Failures of the reactor's own code while handling an event, by step (read, facts,"
                + " annotate, roster, listener, match, queue); the event went on without that"
                + " step");
  }

  private static Map<String, Double> counts(ReactorMetrics metrics) {
    Map<String, Double> counts = new TreeMap<>();
    for (MetricSnapshot snapshot : metrics.registry().scrape()) {
      if (snapshot.getMetadata().getName().equals("reactor_internal_errors")) {
        for (CounterSnapshot.CounterDataPointSnapshot point :
            ((CounterSnapshot) snapshot).getDataPoints()) {
          counts.put(point.getLabels().get("where"), point.getValue());
        }
      }
    }
    return counts;
  }
}
