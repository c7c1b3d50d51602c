package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleMetric;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The counters that rules define with {@code metric:}, each with its labels and series cap. */
final class RuleCounters {

  private static final Logger LOG = LoggerFactory.getLogger(ReactorMetrics.class);

  /**
   * Rendering a rule metric's labels never needs the engine: the loader allows event values only.
   */
  private static final ContainerFacts NO_FACTS = ContainerFacts.none("not for metrics");

  private final PrometheusRegistry registry;
  private final int maxSeries;
  private final Consumer<String> folded;
  private final Map<String, RuleCounter> counters = new ConcurrentHashMap<>();

  /**
   * A rule-defined counter, its label names as the rule gives them, its series cap, and whether the
   * engine's name comes first.
   */
  private record RuleCounter(
      Counter counter, List<String> labelNames, SeriesCap cap, boolean byEngine) {}

  // With several engines, a counter gets an engine label first, unless the rule names one itself.
  private final boolean severalEngines;

  /**
   * {@code folded} is told the metric's name when the cap folds an increment's labels; {@code
   * severalEngines}: the counters get the engine's name as their first label.
   */
  RuleCounters(
      PrometheusRegistry registry, int maxSeries, Consumer<String> folded, boolean severalEngines) {
    this.registry = registry;
    this.maxSeries = maxSeries;
    this.folded = folded;
    this.severalEngines = severalEngines;
  }

  /** Registers a rule's counter; a name reused with other labels is refused. */
  void register(Rule rule, RuleMetric metric) {
    List<String> names = new ArrayList<>(metric.labels().keySet());
    boolean byEngine = severalEngines && !names.contains("engine");
    List<String> registered = new ArrayList<>(byEngine ? List.of("engine") : List.of());
    registered.addAll(names);
    RuleCounter counter =
        counters.computeIfAbsent(
            metric.counterName(),
            n ->
                new RuleCounter(
                    Counter.builder()
                        .name(n)
                        .help("Defined by rule \"" + rule.name() + "\"")
                        .labelNames(registered.toArray(String[]::new))
                        .register(registry),
                    names,
                    new SeriesCap(maxSeries, byEngine ? 1 : 0),
                    byEngine));
    if (!counter.labelNames().equals(names)) {
      LOG.warn(
          "rule \"{}\": metric {} already has the labels {}, not {}: it will not be counted",
          rule.name(),
          metric.name(),
          counter.labelNames(),
          names);
    }
  }

  /**
   * Counts an event of {@code engine} the metric's rule matched, with its labels rendered from the
   * event.
   */
  void count(RuleMetric metric, DockerEvent event, String engine) {
    RuleCounter counter = counters.get(metric.counterName());
    if (counter == null
        || !counter.labelNames().equals(new ArrayList<>(metric.labels().keySet()))) {
      return;
    }
    EventContext context = new EventContext(event, NO_FACTS);
    List<String> values = new ArrayList<>(counter.byEngine() ? List.of(engine) : List.of());
    metric.labels().values().forEach(t -> values.add(t.render(context).orElse("")));
    List<String> admitted = counter.cap().admit(values);
    if (admitted != values) {
      folded.accept(metric.name());
    }
    counter.counter().labelValues(admitted.toArray(String[]::new)).inc();
  }
}
