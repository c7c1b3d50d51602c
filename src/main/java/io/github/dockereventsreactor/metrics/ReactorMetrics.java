package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.rules.MetricsSettings;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Prometheus time series of Docker's events and of the reactor itself, kept as a listener on
 * what the reactor does. Labels drawn from events are capped in series count. A reactor of several
 * engines has one listener per engine ({@link #forEngine}), and every series about events, rules
 * and streams, and every rule's own counter, gets an {@code engine} label first; the series of one
 * engine are as they always were. Process-wide series (reloads, the build, the JVM, the series cap)
 * have none.
 */
public final class ReactorMetrics implements ReactorListener {

  private static final double[] DURATION_BUCKETS = {
    .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsSettings settings;
  private final List<EventField> extraLabels;

  private final Counter events;
  private final SeriesCap eventSeries;
  private final Counter execEvents;
  private final Gauge lastEvent;
  private final Counter received;
  private final Histogram lag;
  private final Counter matches;
  private final Counter started;
  private final Counter finished;
  private final Counter skipped;
  private final Counter containerActions;
  private final Histogram duration;
  private final Histogram batchSize;
  private final Gauge connected;
  private final Counter reconnects;
  private final Counter gaps;
  private final Counter gapContainers;
  private final Counter reloads;
  private final Gauge lastReload;
  private final Counter folded;
  private final Counter internalErrors;
  private final ReactorReadiness readiness;
  private final RuleCounters ruleCounters;
  private final List<String> engines;
  // Empty with one engine (its series keep their labels), else the label's name.
  private final String[] engineLabel;
  private final ReactorListener single;

  /** The metrics of a reactor of one engine. */
  public ReactorMetrics(
      MetricsSettings settings, HealthcheckCommands healthchecks, Queues queues, String version) {
    this(settings, healthchecks, queues, version, List.of(ContainerFacts.DEFAULT_ENGINE));
  }

  /**
   * What the rules' queues hold, each by engine name, then rule name; read at each scrape: the
   * events waiting in memory, the heap they are accounted at, and the events a rule left in the
   * journal while its queue was full (to be fed back in order).
   */
  public record Queues(
      Supplier<Map<String, Map<String, Integer>>> depths,
      Supplier<Map<String, Map<String, Long>>> bytes,
      Supplier<Map<String, Map<String, Long>>> spilled) {

    /** No rules' queues: for the metrics of tests and tools. */
    public static final Queues NONE = new Queues(Map::of, Map::of, Map::of);
  }

  /**
   * The metrics of a reactor of these engines. This object is the listener of the first engine
   * ({@code healthchecks} inspects its containers); {@link #forEngine} makes the others'.
   */
  public ReactorMetrics(
      MetricsSettings settings,
      HealthcheckCommands healthchecks,
      Queues queues,
      String version,
      List<String> engines) {
    this.settings = settings;
    this.engineLabel = engines.size() > 1 ? new String[] {"engine"} : new String[0];
    this.readiness = new ReactorReadiness(engines, Clock.systemUTC());
    this.extraLabels =
        settings.labels().stream()
            .map(l -> EventField.named(l).orElseThrow())
            .collect(Collectors.toList());
    List<String> eventLabels = new ArrayList<>(List.of(engineLabel));
    eventLabels.addAll(List.of("type", "action"));
    if (settings.healthStatusDetail()) {
      eventLabels.add("status");
    }
    int firstOpen = eventLabels.size();
    extraLabels.forEach(f -> eventLabels.add(labelName(f.name())));
    events =
        Counter.builder()
            .name("docker_events_total")
            .help("Docker events by type and action verb (the detail after a colon dropped)")
            .labelNames(eventLabels.toArray(String[]::new))
            .register(registry);
    eventSeries = new SeriesCap(settings.maxSeries(), firstOpen);
    execEvents =
        Counter.builder()
            .name("docker_exec_events_total")
            .help("Docker exec events, healthcheck execs apart (healthcheck=true) from others")
            .labelNames(labels("action", "healthcheck"))
            .register(registry);
    lastEvent =
        Gauge.builder()
            .name("docker_events_last_timestamp_seconds")
            .help("Time of the last Docker event received")
            .labelNames(engineLabel)
            .register(registry);
    received =
        Counter.builder()
            .name("reactor_events_received_total")
            .help("Events received from the engine (and synthetic ones after a gap)")
            .labelNames(engineLabel)
            .register(registry);
    lag =
        Histogram.builder()
            .name("reactor_event_lag_seconds")
            .help("Now minus the event's own time, when the reactor receives it")
            .labelNames(engineLabel)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    matches =
        Counter.builder()
            .name("reactor_rule_matches_total")
            .help("Events each rule matched")
            .labelNames(labels("rule"))
            .register(registry);
    started =
        Counter.builder()
            .name("reactor_commands_started_total")
            .help("Commands started, per rule")
            .labelNames(labels("rule"))
            .register(registry);
    finished =
        Counter.builder()
            .name("reactor_commands_finished_total")
            .help(
                "Commands ended, per rule and result: success, failure (exit 1-125, 128), not_executable"
                    + " (126), not_found (127), signal (129+), timeout, killed_at_stop; webhooks: success,"
                    + " undelivered")
            .labelNames(labels("rule", "result"))
            .register(registry);
    skipped =
        Counter.builder()
            .name("reactor_commands_skipped_total")
            .help(
                "Commands not run, per rule and reason: missing_value, not_started, queue_full,"
                    + " debounced, throttled, failed (the action threw), rule_removed (by a reload)")
            .labelNames(labels("rule", "reason"))
            .register(registry);
    containerActions =
        Counter.builder()
            .name("reactor_container_actions_total")
            .help(
                "What container: actions did to each container, per rule, verb and result: done,"
                    + " skipped (no longer fits, gone, the reactor's own), failed, timeout, gave_up,"
                    + " limited")
            .labelNames(labels("rule", "verb", "result"))
            .register(registry);
    duration =
        Histogram.builder()
            .name("reactor_command_duration_seconds")
            .help("How long commands ran, per rule")
            .labelNames(labels("rule"))
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    batchSize =
        Histogram.builder()
            .name("reactor_batch_size")
            .help("Events per command of the rules with batch:")
            .labelNames(labels("rule"))
            .classicOnly()
            .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)
            .register(registry);
    perRule(
        "reactor_queue_depth",
        "Events waiting in memory for each rule's command (not those a spilling rule left in the"
            + " journal: reactor_queue_spilled)",
        queues.depths());
    perRule(
        "reactor_queue_bytes",
        "Heap the events waiting for each rule's command are accounted at (1.25 times the raw JSON"
            + " plus 320 bytes each), against a budget of 40 % of the maximum heap for all rules",
        queues.bytes());
    perRule(
        "reactor_queue_spilled",
        "Events each rule left in the journal while its queue was full, fed back in order as it"
            + " catches up",
        queues.spilled());
    connected =
        Gauge.builder()
            .name("reactor_stream_connected")
            .help("1 while the event stream from the engine is connected")
            .labelNames(engineLabel)
            .register(registry);
    reconnects =
        Counter.builder()
            .name("reactor_stream_reconnects_total")
            .help("Times the event stream came back after a break")
            .labelNames(engineLabel)
            .register(registry);
    gaps =
        Counter.builder()
            .name("reactor_stream_gaps_total")
            .help("Breaks after which the engine no longer held every missed event")
            .labelNames(engineLabel)
            .register(registry);
    gapContainers =
        Counter.builder()
            .name("reactor_gap_containers_total")
            .help("Containers that appeared or vanished unseen during a gap")
            .labelNames(labels("change"))
            .register(registry);
    reloads =
        Counter.builder()
            .name("reactor_config_reloads_total")
            .help("Rules file reloads by result")
            .labelNames("result")
            .register(registry);
    lastReload =
        Gauge.builder()
            .name("reactor_config_last_success_timestamp_seconds")
            .help("When the rules in force were loaded")
            .register(registry);
    folded =
        Counter.builder()
            .name("reactor_metric_series_folded_total")
            .help("Increments whose open labels were folded into \"other\" by the series cap")
            .labelNames("metric")
            .register(registry);
    internalErrors =
        Counter.builder()
            .name("reactor_internal_errors_total")
            .help(
                "Failures of the reactor's own code while handling an event, by step ("
                    + Arrays.stream(HandlingStep.values())
                        .map(HandlingStep::label)
                        .collect(Collectors.joining(", "))
                    + "); the event went on without that step")
            .labelNames(labels("where"))
            .register(registry);
    GaugeWithCallback.builder()
        .name("reactor_state_write_failing")
        .help(
            "1 while the state file or a journal cannot be written (a full or read-only disk):"
                + " events are still acted on, a crash may lose or repeat them")
        .labelNames("file")
        .callback(
            cb -> readiness.stateWriteFailing().forEach((file, yes) -> cb.call(yes ? 1 : 0, file)))
        .register(registry);
    Info build =
        Info.builder()
            .name("reactor_build_info")
            .help("The reactor's version")
            .labelNames("version")
            .register(registry);
    build.setLabelValues(version);
    this.engines = List.copyOf(engines);
    for (String engine : engines) {
      gapContainers.labelValues(labelValues(engine, "appeared"));
      gapContainers.labelValues(labelValues(engine, "vanished"));
      for (HandlingStep step : HandlingStep.values()) {
        internalErrors.labelValues(labelValues(engine, step.label()));
      }
    }
    reloads.labelValues("success");
    reloads.labelValues("failure");
    JvmMetrics.builder().register(registry);
    single = new EngineSeries(engines.get(0), healthchecks);
    ruleCounters =
        new RuleCounters(
            registry,
            settings.maxSeries(),
            metric -> folded.labelValues(metric).inc(),
            engineLabel.length > 0);
  }

  /** The label names of a per-engine series: {@code engine} first when there are several. */
  /** A gauge by rule, of values read at each scrape by engine name, then rule name. */
  private void perRule(
      String name,
      String help,
      Supplier<? extends Map<String, ? extends Map<String, ? extends Number>>> values) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labels("rule"))
        .callback(
            cb ->
                values
                    .get()
                    .forEach(
                        (engine, rules) ->
                            rules.forEach(
                                (rule, value) ->
                                    cb.call(value.doubleValue(), labelValues(engine, rule)))))
        .register(registry);
  }

  private String[] labels(String... names) {
    String[] all = Arrays.copyOf(engineLabel, engineLabel.length + names.length);
    System.arraycopy(names, 0, all, engineLabel.length, names.length);
    return all;
  }

  /** The label values of a per-engine series, the engine's name first when there are several. */
  private String[] labelValues(String engine, String... values) {
    if (engineLabel.length == 0) {
      return values;
    }
    String[] all = new String[values.length + 1];
    all[0] = engine;
    System.arraycopy(values, 0, all, 1, values.length);
    return all;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  static String labelName(String field) {
    return field.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /** Registers the counters the rules define; a name reused with other labels is refused. */
  public void rules(RuleSet rules) {
    for (Rule rule : rules.rules()) {
      rule.metric().ifPresent(m -> ruleCounters.register(rule, m));
      // Series that exist from the start at 0, so that increase() and alerts see the first one.
      for (String engine : engines) {
        if (!rule.listensTo(engine)) {
          continue;
        }
        matches.labelValues(labelValues(engine, rule.name()));
        if (!rule.actions().isEmpty()) {
          started.labelValues(labelValues(engine, rule.name()));
          finished.labelValues(labelValues(engine, rule.name(), "success"));
          finished.labelValues(labelValues(engine, rule.name(), "failure"));
          for (String reason : List.of("missing_value", "not_started", "queue_full")) {
            skipped.labelValues(labelValues(engine, rule.name(), reason));
          }
        }
      }
    }
    lastReload.set(System.currentTimeMillis() / 1000.0);
  }

  /** A reload of the rules file succeeded or failed. */
  public void reloaded(boolean ok) {
    reloads.labelValues(ok ? "success" : "failure").inc();
  }

  /** Whether the reactor is ready: what {@code /readyz} answers. */
  public ReactorReadiness readiness() {
    return readiness;
  }

  /**
   * The listener of one engine's reactor; {@code healthchecks} inspects that engine's containers.
   */
  public ReactorListener forEngine(String engine, HealthcheckCommands healthchecks) {
    return new EngineSeries(engine, healthchecks);
  }

  @Override
  public void received(DockerEvent event) {
    single.received(event);
  }

  @Override
  public void internalError(HandlingStep step) {
    single.internalError(step);
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    single.matched(rule, event);
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    single.batched(rule, events);
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    single.outcome(rule, event, outcome);
  }

  @Override
  public void gap(int appeared, int vanished) {
    single.gap(appeared, vanished);
  }

  @Override
  public void connected(boolean isUp) {
    single.connected(isUp);
  }

  /**
   * The status after {@code health_status: }; empty for a bare {@code health_status} (Podman puts
   * the status in a top-level field instead).
   */
  static String detail(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? "" : action.substring(colon + 1).strip();
  }

  /** One engine's series. */
  private final class EngineSeries implements ReactorListener {

    private final String engine;
    private final Readiness ready;
    private final ExecClassifying execs;

    EngineSeries(String engine, HealthcheckCommands healthchecks) {
      this.engine = engine;
      this.ready = readiness.engine(engine);
      this.execs =
          new ExecClassifying(
              new ExecClassifier(healthchecks),
              (verb, healthcheck) ->
                  execEvents.labelValues(labelValues(engine, verb, healthcheck)).inc());
    }

    @Override
    public void received(DockerEvent event) {
      received.labelValues(labelValues(engine)).inc();
      List<String> values = new ArrayList<>(List.of(labelValues(engine)));
      values.addAll(List.of(event.type(), event.verb()));
      if (settings.healthStatusDetail()) {
        values.add(event.verb().equals("health_status") ? detail(event.action()) : "");
      }
      extraLabels.forEach(f -> values.add(f.read(event).orElse("")));
      List<String> admitted = eventSeries.admit(values);
      if (admitted != values) {
        folded.labelValues("docker_events_total").inc();
      }
      events.labelValues(admitted.toArray(String[]::new)).inc();
      if (event.synthetic()) {
        return;
      }
      double time = event.timeNano() / 1e9;
      lastEvent.labelValues(labelValues(engine)).set(time);
      lag.labelValues(labelValues(engine))
          .observe(Math.max(0, System.currentTimeMillis() / 1000.0 - time));
      if ("container".equals(event.type())) {
        execs.received(event);
      }
    }

    @Override
    public void internalError(HandlingStep step) {
      internalErrors.labelValues(labelValues(engine, step.label())).inc();
    }

    @Override
    public void matched(Rule rule, DockerEvent event) {
      matches.labelValues(labelValues(engine, rule.name())).inc();
      rule.metric().ifPresent(m -> ruleCounters.count(m, event, engine));
    }

    @Override
    public void batched(Rule rule, List<DockerEvent> events) {
      batchSize.labelValues(labelValues(engine, rule.name())).observe(events.size());
    }

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      String name = rule.name();
      Outcome.Tally tally = outcome.tally();
      if (tally.started()) {
        started.labelValues(labelValues(engine, name)).inc();
        finished.labelValues(labelValues(engine, name, tally.label())).inc();
        tally
            .duration()
            .ifPresent(
                d -> duration.labelValues(labelValues(engine, name)).observe(d.toNanos() / 1e9));
      } else {
        skipped.labelValues(labelValues(engine, name, tally.label())).inc();
      }
      if (outcome instanceof Outcome.Acted acted) {
        acted
            .results()
            .forEach(
                r ->
                    containerActions
                        .labelValues(labelValues(engine, name, acted.verb(), r.result().label()))
                        .inc());
      }
    }

    @Override
    public void gap(int appeared, int vanished) {
      gaps.labelValues(labelValues(engine)).inc();
      gapContainers.labelValues(labelValues(engine, "appeared")).inc(appeared);
      gapContainers.labelValues(labelValues(engine, "vanished")).inc(vanished);
    }

    @Override
    public void connected(boolean isUp) {
      if (ready.connected(isUp)) {
        reconnects.labelValues(labelValues(engine)).inc();
      }
      connected.labelValues(labelValues(engine)).set(isUp ? 1 : 0);
    }
  }
}
