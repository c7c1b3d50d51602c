package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.rules.MetricsSettings;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Prometheus time series of Docker's events and of the reactor itself, kept as a listener on
 * what the reactor does. Labels drawn from events are capped in series count.
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
  private final Readiness readiness = new Readiness(Clock.systemUTC());
  private final ExecClassifying execs;
  private final RuleCounters ruleCounters;

  public ReactorMetrics(
      MetricsSettings settings,
      HealthcheckCommands healthchecks,
      Supplier<Map<String, Integer>> queueDepths,
      Supplier<Map<String, Long>> queueBytes,
      String version) {
    this.settings = settings;
    this.extraLabels =
        settings.labels().stream()
            .map(l -> EventField.named(l).orElseThrow())
            .collect(Collectors.toList());
    List<String> eventLabels = new ArrayList<>(List.of("type", "action"));
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
            .labelNames("action", "healthcheck")
            .register(registry);
    lastEvent =
        Gauge.builder()
            .name("docker_events_last_timestamp_seconds")
            .help("Time of the last Docker event received")
            .register(registry);
    received =
        Counter.builder()
            .name("reactor_events_received_total")
            .help("Events received from the engine (and synthetic ones after a gap)")
            .register(registry);
    lag =
        Histogram.builder()
            .name("reactor_event_lag_seconds")
            .help("Now minus the event's own time, when the reactor receives it")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    matches =
        Counter.builder()
            .name("reactor_rule_matches_total")
            .help("Events each rule matched")
            .labelNames("rule")
            .register(registry);
    started =
        Counter.builder()
            .name("reactor_commands_started_total")
            .help("Commands started, per rule")
            .labelNames("rule")
            .register(registry);
    finished =
        Counter.builder()
            .name("reactor_commands_finished_total")
            .help(
                "Commands ended, per rule and result: success, failure (exit 1-125, 128), not_executable"
                    + " (126), not_found (127), signal (129+), timeout, killed_at_stop; webhooks: success,"
                    + " undelivered")
            .labelNames("rule", "result")
            .register(registry);
    skipped =
        Counter.builder()
            .name("reactor_commands_skipped_total")
            .help(
                "Commands not run, per rule and reason: missing_value, not_started, queue_full,"
                    + " debounced, throttled, failed (the action threw), rule_removed (by a reload)")
            .labelNames("rule", "reason")
            .register(registry);
    duration =
        Histogram.builder()
            .name("reactor_command_duration_seconds")
            .help("How long commands ran, per rule")
            .labelNames("rule")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    batchSize =
        Histogram.builder()
            .name("reactor_batch_size")
            .help("Events per command of the rules with batch:")
            .labelNames("rule")
            .classicOnly()
            .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)
            .register(registry);
    GaugeWithCallback.builder()
        .name("reactor_queue_depth")
        .help("Events waiting for each rule's command")
        .labelNames("rule")
        .callback(cb -> queueDepths.get().forEach((rule, depth) -> cb.call(depth, rule)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("reactor_queue_bytes")
        .help(
            "Heap the events waiting for each rule's command are accounted at (1.25 times the raw JSON"
                + " plus 320 bytes each), against a budget of 40 % of the maximum heap for all rules")
        .labelNames("rule")
        .callback(cb -> queueBytes.get().forEach((rule, bytes) -> cb.call(bytes, rule)))
        .register(registry);
    connected =
        Gauge.builder()
            .name("reactor_stream_connected")
            .help("1 while the event stream from the engine is connected")
            .register(registry);
    reconnects =
        Counter.builder()
            .name("reactor_stream_reconnects_total")
            .help("Times the event stream came back after a break")
            .register(registry);
    gaps =
        Counter.builder()
            .name("reactor_stream_gaps_total")
            .help("Breaks after which the engine no longer held every missed event")
            .register(registry);
    gapContainers =
        Counter.builder()
            .name("reactor_gap_containers_total")
            .help("Containers that appeared or vanished unseen during a gap")
            .labelNames("change")
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
                "Failures of the reactor's own code while handling an event, by step (read, facts,"
                    + " annotate, roster, listener, match, queue); the event went on without that step")
            .labelNames("where")
            .register(registry);
    Info build =
        Info.builder()
            .name("reactor_build_info")
            .help("The reactor's version")
            .labelNames("version")
            .register(registry);
    build.setLabelValues(version);
    gapContainers.labelValues("appeared");
    gapContainers.labelValues("vanished");
    reloads.labelValues("success");
    reloads.labelValues("failure");
    for (String where :
        List.of("read", "facts", "annotate", "roster", "listener", "match", "queue")) {
      internalErrors.labelValues(where);
    }
    JvmMetrics.builder().register(registry);
    execs =
        new ExecClassifying(
            new ExecClassifier(healthchecks),
            (verb, healthcheck) -> execEvents.labelValues(verb, healthcheck).inc());
    ruleCounters =
        new RuleCounters(
            registry, settings.maxSeries(), metric -> folded.labelValues(metric).inc());
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
      matches.labelValues(rule.name());
      if (!rule.actions().isEmpty()) {
        started.labelValues(rule.name());
        finished.labelValues(rule.name(), "success");
        finished.labelValues(rule.name(), "failure");
        for (String reason : List.of("missing_value", "not_started", "queue_full")) {
          skipped.labelValues(rule.name(), reason);
        }
      }
    }
    lastReload.set(System.currentTimeMillis() / 1000.0);
  }

  /** A reload of the rules file succeeded or failed. */
  public void reloaded(boolean ok) {
    reloads.labelValues(ok ? "success" : "failure").inc();
  }

  /**
   * Adds a reason to be not ready: the reader stalled, a rule without worker, an internal error.
   */
  public void notReadyWhen(Supplier<Optional<String>> check) {
    readiness.add(check);
  }

  /** Why the reactor is not ready, or empty when it is. */
  public Optional<String> notReady() {
    return readiness.notReady();
  }

  @Override
  public void received(DockerEvent event) {
    received.inc();
    List<String> values = new ArrayList<>(List.of(event.type(), event.verb()));
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
    lastEvent.set(time);
    lag.observe(Math.max(0, System.currentTimeMillis() / 1000.0 - time));
    if ("container".equals(event.type())) {
      execs.received(event);
    }
  }

  /**
   * The status after {@code health_status: }; empty for a bare {@code health_status} (Podman puts
   * the status in a top-level field instead).
   */
  static String detail(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? "" : action.substring(colon + 1).strip();
  }

  @Override
  public void internalError(String where) {
    internalErrors.labelValues(where).inc();
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    matches.labelValues(rule.name()).inc();
    rule.metric().ifPresent(m -> ruleCounters.count(m, event));
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    batchSize.labelValues(rule.name()).observe(events.size());
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    String name = rule.name();
    Outcome.Tally tally = outcome.tally();
    if (tally.started()) {
      started.labelValues(name).inc();
      finished.labelValues(name, tally.label()).inc();
      tally.duration().ifPresent(d -> duration.labelValues(name).observe(d.toNanos() / 1e9));
    } else {
      skipped.labelValues(name, tally.label()).inc();
    }
  }

  @Override
  public void gap(int appeared, int vanished) {
    gaps.inc();
    gapContainers.labelValues("appeared").inc(appeared);
    gapContainers.labelValues("vanished").inc(vanished);
  }

  @Override
  public void connected(boolean isUp) {
    if (readiness.connected(isUp)) {
      reconnects.inc();
    }
    connected.set(isUp ? 1 : 0);
  }
}
