package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.rules.MetricsSettings;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleMetric;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus time series of Docker's events and of the reactor itself, kept as a listener on
 * what the reactor does. Labels drawn from events are capped in series count.
 */
public final class ReactorMetrics implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger(ReactorMetrics.class);
  private static final double[] DURATION_BUCKETS = {
    .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300
  };
  /** Rendering a rule metric's labels never needs the engine: the loader allows event values only. */
  private static final ContainerFacts NO_FACTS =
      ContainerFacts.none("not for metrics");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsSettings settings;
  private final List<EventField> extraLabels;
  private final ExecClassifier classifier;
  // Classifying an exec may inspect its container: never on the reading thread.
  private final ThreadPoolExecutor execWorker =
      new ThreadPoolExecutor(
          1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "metrics: exec classifier");
            t.setDaemon(true);
            return t;
          });

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
  private final List<Supplier<Optional<String>>> readiness = new CopyOnWriteArrayList<>();
  private final Map<String, RuleCounter> ruleCounters = new ConcurrentHashMap<>();
  private volatile boolean up;
  private volatile boolean everUp;
  private volatile long downSinceMillis = System.currentTimeMillis();

  /** A rule-defined counter, its label names and its series cap. */
  private record RuleCounter(Counter counter, List<String> labelNames, SeriesCap cap) {}

  public ReactorMetrics(
      MetricsSettings settings,
      HealthcheckCommands healthchecks,
      Supplier<Map<String, Integer>> queueDepths,
      Supplier<Map<String, Long>> queueBytes,
      String version) {
    this.settings = settings;
    this.extraLabels =
        settings.labels().stream().map(l -> EventField.named(l).orElseThrow()).collect(Collectors.toList());
    this.classifier = new ExecClassifier(healthchecks);
    List<String> eventLabels = new ArrayList<>(List.of("type", "action"));
    if (settings.healthStatusDetail()) {
      eventLabels.add("status");
    }
    int firstOpen = eventLabels.size();
    extraLabels.forEach(f -> eventLabels.add(labelName(f.name())));
    events = Counter.builder().name("docker_events_total")
        .help("Docker events by type and action verb (the detail after a colon dropped)")
        .labelNames(eventLabels.toArray(String[]::new)).register(registry);
    eventSeries = new SeriesCap(settings.maxSeries(), firstOpen);
    execEvents = Counter.builder().name("docker_exec_events_total")
        .help("Docker exec events, healthcheck execs apart (healthcheck=true) from others")
        .labelNames("action", "healthcheck").register(registry);
    lastEvent = Gauge.builder().name("docker_events_last_timestamp_seconds")
        .help("Time of the last Docker event received").register(registry);
    received = Counter.builder().name("reactor_events_received_total")
        .help("Events received from the engine (and synthetic ones after a gap)").register(registry);
    lag = Histogram.builder().name("reactor_event_lag_seconds")
        .help("Now minus the event's own time, when the reactor receives it").classicOnly()
        .classicUpperBounds(DURATION_BUCKETS).register(registry);
    matches = Counter.builder().name("reactor_rule_matches_total")
        .help("Events each rule matched").labelNames("rule").register(registry);
    started = Counter.builder().name("reactor_commands_started_total")
        .help("Commands started, per rule").labelNames("rule").register(registry);
    finished = Counter.builder().name("reactor_commands_finished_total")
        .help("Commands ended, per rule and result: success, failure (exit 1-125), not_executable"
            + " (126), not_found (127), signal (128+), timeout, killed_at_stop; webhooks: success,"
            + " undelivered")
        .labelNames("rule", "result").register(registry);
    skipped = Counter.builder().name("reactor_commands_skipped_total")
        .help("Commands not run, per rule and reason: missing_value, not_started, queue_full,"
            + " debounced, throttled, failed (the action threw), rule_removed (by a reload)")
        .labelNames("rule", "reason").register(registry);
    duration = Histogram.builder().name("reactor_command_duration_seconds")
        .help("How long commands ran, per rule").labelNames("rule").classicOnly()
        .classicUpperBounds(DURATION_BUCKETS).register(registry);
    batchSize = Histogram.builder().name("reactor_batch_size")
        .help("Events per command of the rules with batch:").labelNames("rule").classicOnly()
        .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000).register(registry);
    GaugeWithCallback.builder().name("reactor_queue_depth")
        .help("Events waiting for each rule's command").labelNames("rule")
        .callback(cb -> queueDepths.get().forEach((rule, depth) -> cb.call(depth, rule)))
        .register(registry);
    GaugeWithCallback.builder().name("reactor_queue_bytes")
        .help("Heap the events waiting for each rule's command are accounted at (twice the raw JSON"
            + " plus 256 bytes each), against a budget of 40 % of the maximum heap for all rules")
        .labelNames("rule")
        .callback(cb -> queueBytes.get().forEach((rule, bytes) -> cb.call(bytes, rule)))
        .register(registry);
    connected = Gauge.builder().name("reactor_stream_connected")
        .help("1 while the event stream from the engine is connected").register(registry);
    reconnects = Counter.builder().name("reactor_stream_reconnects_total")
        .help("Times the event stream came back after a break").register(registry);
    gaps = Counter.builder().name("reactor_stream_gaps_total")
        .help("Breaks after which the engine no longer held every missed event").register(registry);
    gapContainers = Counter.builder().name("reactor_gap_containers_total")
        .help("Containers that appeared or vanished unseen during a gap").labelNames("change")
        .register(registry);
    reloads = Counter.builder().name("reactor_config_reloads_total")
        .help("Rules file reloads by result").labelNames("result").register(registry);
    lastReload = Gauge.builder().name("reactor_config_last_success_timestamp_seconds")
        .help("When the rules in force were loaded").register(registry);
    folded = Counter.builder().name("reactor_metric_series_folded_total")
        .help("Increments whose open labels were folded into \"other\" by the series cap")
        .labelNames("metric").register(registry);
    internalErrors = Counter.builder().name("reactor_internal_errors_total")
        .help("Failures of the reactor's own code while handling an event, by step (read, facts,"
            + " annotate, roster, listener, match, queue); the event went on without that step")
        .labelNames("where").register(registry);
    Info build = Info.builder().name("reactor_build_info").help("The reactor's version")
        .labelNames("version").register(registry);
    build.setLabelValues(version);
    gapContainers.labelValues("appeared");
    gapContainers.labelValues("vanished");
    reloads.labelValues("success");
    reloads.labelValues("failure");
    for (String where : List.of("read", "facts", "annotate", "roster", "listener", "match", "queue")) {
      internalErrors.labelValues(where);
    }
    JvmMetrics.builder().register(registry);
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
      rule.metric().ifPresent(m -> register(rule, m));
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

  private void register(Rule rule, RuleMetric metric) {
    List<String> names = new ArrayList<>(metric.labels().keySet());
    RuleCounter counter =
        ruleCounters.computeIfAbsent(
            metric.counterName(),
            n -> new RuleCounter(
                Counter.builder().name(n).help("Defined by rule \"" + rule.name() + "\"")
                    .labelNames(names.toArray(String[]::new)).register(registry),
                names,
                new SeriesCap(settings.maxSeries(), 0)));
    if (!counter.labelNames().equals(names)) {
      LOG.warn(
          "rule \"{}\": metric {} already has the labels {}, not {}: it will not be counted",
          rule.name(), metric.name(), counter.labelNames(), names);
    }
  }

  /** A reload of the rules file succeeded or failed. */
  public void reloaded(boolean ok) {
    reloads.labelValues(ok ? "success" : "failure").inc();
  }

  /** Adds a reason to be not ready: the reader stalled, a rule without worker, an internal error. */
  public void notReadyWhen(Supplier<Optional<String>> check) {
    readiness.add(check);
  }

  /** Why the reactor is not ready, or empty when it is. */
  public Optional<String> notReady() {
    if (up) {
      for (Supplier<Optional<String>> check : readiness) {
        Optional<String> reason = check.get();
        if (reason.isPresent()) {
          return reason;
        }
      }
      return Optional.empty();
    }
    return Optional.of(
        everUp
            ? "the event stream from the Docker engine is disconnected since "
                + java.time.Instant.ofEpochMilli(downSinceMillis) + "; reconnecting"
            : "not yet connected to the Docker engine's event stream");
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
      classifyLater(event);
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

  private void classifyLater(DockerEvent event) {
    String verb = event.verb();
    try {
      if (verb.startsWith("exec_")) {
        execWorker.execute(() -> execEvents.labelValues(verb, classifier.classify(event)).inc());
      } else if (verb.equals("destroy")) {
        execWorker.execute(() -> classifier.forget(event.actor().id()));
      }
    } catch (RejectedExecutionException e) {
      execEvents.labelValues(verb, "unknown").inc();
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    matches.labelValues(rule.name()).inc();
    rule.metric().ifPresent(m -> count(m, event));
  }

  private void count(RuleMetric metric, DockerEvent event) {
    RuleCounter counter = ruleCounters.get(metric.counterName());
    if (counter == null || !counter.labelNames().equals(new ArrayList<>(metric.labels().keySet()))) {
      return;
    }
    EventContext context = new EventContext(event, NO_FACTS);
    List<String> values = new ArrayList<>();
    metric.labels().values().forEach(t -> {
      Lookup value = t.render(context);
      values.add(value instanceof Lookup.Found ? ((Lookup.Found) value).value() : "");
    });
    List<String> admitted = counter.cap().admit(values);
    if (admitted != values) {
      folded.labelValues(metric.name()).inc();
    }
    counter.counter().labelValues(admitted.toArray(String[]::new)).inc();
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    batchSize.labelValues(rule.name()).observe(events.size());
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    String name = rule.name();
    if (outcome instanceof Outcome.Exited) {
      Outcome.Exited exited = (Outcome.Exited) outcome;
      started.labelValues(name).inc();
      finished.labelValues(name, result(exited.status())).inc();
      duration.labelValues(name).observe(exited.duration().toNanos() / 1e9);
    } else if (outcome instanceof Outcome.TimedOut) {
      started.labelValues(name).inc();
      finished.labelValues(name, "timeout").inc();
      duration.labelValues(name).observe(((Outcome.TimedOut) outcome).timeout().toNanos() / 1e9);
    } else if (outcome instanceof Outcome.Interrupted) {
      started.labelValues(name).inc();
      finished.labelValues(name, "killed_at_stop").inc();
    } else if (outcome instanceof Outcome.NotStarted) {
      skipped.labelValues(name, "not_started").inc();
    } else if (outcome instanceof Outcome.Skipped) {
      skipped.labelValues(name, "missing_value").inc();
    } else if (outcome instanceof Outcome.Dropped) {
      skipped.labelValues(name, "queue_full").inc();
    } else if (outcome instanceof Outcome.Debounced) {
      skipped.labelValues(name, "debounced").inc();
    } else if (outcome instanceof Outcome.Throttled) {
      skipped.labelValues(name, "throttled").inc();
    } else if (outcome instanceof Outcome.Failed) {
      skipped.labelValues(name, "failed").inc();
    } else if (outcome instanceof Outcome.RuleRemoved) {
      skipped.labelValues(name, "rule_removed").inc();
    } else if (outcome instanceof Outcome.Delivered) {
      Outcome.Delivered delivered = (Outcome.Delivered) outcome;
      started.labelValues(name).inc();
      finished.labelValues(name, "success").inc();
      duration.labelValues(name).observe(delivered.duration().toNanos() / 1e9);
    } else if (outcome instanceof Outcome.Published) {
      started.labelValues(name).inc();
      finished.labelValues(name, "success").inc();
      duration.labelValues(name).observe(((Outcome.Published) outcome).duration().toNanos() / 1e9);
    } else if (outcome instanceof Outcome.Undelivered) {
      started.labelValues(name).inc();
      finished.labelValues(name, "undelivered").inc();
    }
  }

  private static String result(int status) {
    if (status == 0) {
      return "success";
    }
    if (status == 126) {
      return "not_executable";
    }
    if (status == 127) {
      return "not_found";
    }
    return status > 128 ? "signal" : "failure";
  }

  @Override
  public void gap(int appeared, int vanished) {
    gaps.inc();
    gapContainers.labelValues("appeared").inc(appeared);
    gapContainers.labelValues("vanished").inc(vanished);
  }

  @Override
  public void connected(boolean isUp) {
    if (isUp && everUp && !up) {
      reconnects.inc();
    }
    if (!isUp && up) {
      downSinceMillis = System.currentTimeMillis();
    }
    everUp |= isUp;
    up = isUp;
    connected.set(isUp ? 1 : 0);
  }
}
