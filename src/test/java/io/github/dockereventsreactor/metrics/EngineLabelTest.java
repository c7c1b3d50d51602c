package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.ContainerResult;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A reactor of several engines labels each engine's series with {@code engine}; one engine's series
 * keep their labels.
 */
class EngineLabelTest {

  private static final String RULES =
      """
      events_reactor:
        Docker starts:
          engine: docker
          event: {type: container, action: start}
          run: [echo]
        Count starts:
          event: {type: container, action: start}
          metric: {name: starts, labels: {id: '%%actor.id%%'}}
      reactor:
        engines:
          - {name: docker, host: 'unix:///var/run/docker.sock'}
          - {name: podman, host: 'unix:///run/podman/podman.sock'}
      """;

  private static final String START =
      "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{}},"
          + "\"scope\":\"local\",\"time\":1795535393,\"timeNano\":1795535393000000000}";

  /** Every series as {@code name{label="value",…}}, labels by name as Prometheus sorts them. */
  private static List<String> series(ReactorMetrics metrics, String prefix) {
    List<String> all = new ArrayList<>();
    for (MetricSnapshot snapshot : metrics.registry().scrape()) {
      String name = snapshot.getMetadata().getName();
      if (!name.startsWith(prefix)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        List<String> labels = new ArrayList<>();
        for (Label label : point.getLabels()) {
          labels.add(label.getName() + "=\"" + label.getValue() + "\"");
        }
        all.add(name + "{" + String.join(",", labels) + "}");
      }
    }
    return all;
  }

  private static ReactorMetrics metrics(RuleSet rules) {
    ReactorMetrics metrics =
        new ReactorMetrics(
            rules.settings().metrics(),
            id -> Optional.empty(),
            new ReactorMetrics.Queues(
                () -> Map.of("docker", Map.of("Docker starts", 3), "podman", Map.of()),
                Map::of,
                () -> Map.of("docker", Map.of("Docker starts", 1200L), "podman", Map.of())),
            "test",
            rules.settings().engineNames());
    metrics.rules(rules);
    return metrics;
  }

  @Test
  void eachEnginesSeriesCarryItsName() throws Exception {
    RuleSet rules = RulesLoader.parse("t.yml", RULES);
    ReactorMetrics metrics = metrics(rules);
    ReactorListener podman = metrics.forEngine("podman", id -> Optional.empty());

    metrics.connected(true);
    metrics.received(EventJson.parse(START));
    metrics.matched(rules.rules().get(0), EventJson.parse(START));
    metrics.matched(rules.rules().get(1), EventJson.parse(START));
    podman.received(EventJson.parse(START));

    assertThat(series(metrics, "docker_events"))
        .containsExactlyInAnyOrder(
            "docker_events{action=\"start\",engine=\"docker\",type=\"container\"}",
            "docker_events{action=\"start\",engine=\"podman\",type=\"container\"}",
            "docker_events_last_timestamp_seconds{engine=\"docker\"}",
            "docker_events_last_timestamp_seconds{engine=\"podman\"}");
    // The rule listens to docker only: no series of it for podman.
    assertThat(series(metrics, "reactor_rule_matches"))
        .containsExactlyInAnyOrder(
            "reactor_rule_matches{engine=\"docker\",rule=\"Docker starts\"}",
            "reactor_rule_matches{engine=\"docker\",rule=\"Count starts\"}",
            "reactor_rule_matches{engine=\"podman\",rule=\"Count starts\"}");
    assertThat(series(metrics, "reactor_queue_depth"))
        .containsExactly("reactor_queue_depth{engine=\"docker\",rule=\"Docker starts\"}");
    assertThat(series(metrics, "reactor_queue_spilled"))
        .containsExactly("reactor_queue_spilled{engine=\"docker\",rule=\"Docker starts\"}");
    assertThat(series(metrics, "reactor_stream_connected"))
        .containsExactly("reactor_stream_connected{engine=\"docker\"}");
    assertThat(series(metrics, "starts")).containsExactly("starts{engine=\"docker\",id=\"c1\"}");
    assertThat(series(metrics, "reactor_config_reloads")).allMatch(s -> !s.contains("engine="));
  }

  @Test
  void containerActionsAreCountedPerRuleVerbAndResult() throws Exception {
    RuleSet rules = RulesLoader.parse("t.yml", RULES);
    ReactorMetrics metrics = metrics(rules);
    Outcome acted =
        new Outcome.Acted(
            "restart",
            List.of(
                new ContainerResult("web", ContainerResult.Result.DONE, ""),
                new ContainerResult("db", ContainerResult.Result.GAVE_UP, "3 in 10m")),
            Duration.ofSeconds(2));

    metrics.outcome(rules.rules().get(0), EventJson.parse(START), acted);

    assertThat(series(metrics, "reactor_container_actions"))
        .containsExactlyInAnyOrder(
            "reactor_container_actions{engine=\"docker\",result=\"done\",rule=\"Docker"
                + " starts\",verb=\"restart\"}",
            "reactor_container_actions{engine=\"docker\",result=\"gave_up\",rule=\"Docker"
                + " starts\",verb=\"restart\"}");
    assertThat(series(metrics, "reactor_commands_finished"))
        .contains(
            "reactor_commands_finished{engine=\"docker\",result=\"gave_up\",rule=\"Docker"
                + " starts\"}");
  }

  @Test
  void readinessNamesTheEngineThatIsDown() throws Exception {
    ReactorMetrics metrics = metrics(RulesLoader.parse("t.yml", RULES));
    ReactorListener podman = metrics.forEngine("podman", id -> Optional.empty());

    metrics.connected(true);
    podman.connected(true);
    assertThat(metrics.readiness().notReady()).isEmpty();

    podman.connected(false);
    assertThat(metrics.readiness().notReady().orElseThrow())
        .startsWith(
            "engine \"podman\": the event stream from the Docker engine is disconnected since ");
    metrics
        .readiness()
        .notReadyWhen("docker", () -> Optional.of("rule \"R\" has no running worker"));
    assertThat(metrics.readiness().notReady().orElseThrow())
        .startsWith("engine \"docker\": rule \"R\" has no running worker; engine \"podman\": ");
  }

  @Test
  void oneEnginesSeriesHaveNoEngineLabel() throws Exception {
    RuleSet rules =
        RulesLoader.parse(
            "t.yml", "events_reactor:\n  R:\n    event: {type: container}\n    run: [echo]\n");
    ReactorMetrics metrics =
        new ReactorMetrics(
            rules.settings().metrics(),
            id -> Optional.empty(),
            new ReactorMetrics.Queues(
                () -> Map.of("default", Map.of("R", 0)),
                Map::of,
                () -> Map.of("default", Map.of("R", 7L))),
            "test");
    metrics.rules(rules);
    metrics.received(EventJson.parse(START));

    assertThat(
            series(metrics, "").stream()
                .filter(s -> s.startsWith("docker_") || s.startsWith("reactor_"))
                .collect(Collectors.toList()))
        .isNotEmpty()
        .noneMatch(s -> s.contains("engine="));
    assertThat(series(metrics, "reactor_queue_depth"))
        .containsExactly("reactor_queue_depth{rule=\"R\"}");
    assertThat(series(metrics, "reactor_queue_spilled"))
        .containsExactly("reactor_queue_spilled{rule=\"R\"}");
  }
}
