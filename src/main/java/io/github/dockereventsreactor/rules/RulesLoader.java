package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.ValueMatcher;
import io.github.dockereventsreactor.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns a rules file into a {@link RuleSet}, or reports every problem in it at once, each with its
 * file, line and column.
 *
 * <p>It reads YAML nodes rather than Java objects so that every value keeps its position and its
 * text exactly as written ({@code exitCode: 0} is the string {@code "0"}, {@code on} stays {@code
 * "on"}).
 */
public final class RulesLoader {

  private static final String ROOT_KEYS = "events_reactor, reactor";
  private static final String RULE_KEYS =
      "event, run, env, cwd, stdin, output, webhook, nats, container, metric, timeout, concurrency,"
          + " queue, overflow, reconcile, stop, debounce, throttle, key, order, batch, engine";
  private static final String SETTINGS_KEYS =
      "docker_host, state_file, metrics, max_event_bytes, nats, tls, payload, journal, engines";
  private static final String ENGINE_KEYS = "name, host, tls";
  // An engine's name goes into file names (its journal) and metric labels.
  private static final Pattern ENGINE_HOST =
      Pattern.compile("unix:///\\S+|tcp://(\\[[0-9a-fA-F:.]+\\]|[^/:\\s\\[\\]]+):[0-9]{1,5}/?");
  private static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final String JOURNAL_KEYS = "path, fsync, max_bytes";
  private static final String METRICS_KEYS = "listen, labels, health_status_detail, max_series";
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The reactor's own series (and the JVM's): a rule's counter there would fail to register. */
  private static final List<String> RESERVED_PREFIXES =
      List.of("docker_events", "docker_exec_events", "reactor_", "jvm_", "process_");

  /** Suffixes the Prometheus client refuses in a name, as its exposition formats add them. */
  private static final List<String> RESERVED_SUFFIXES = List.of("_created", "_bucket", "_info");

  private final Nodes nodes;
  private final PatternReader patterns;
  private final ActionReader actions;
  // Checked once the reactor: block, which may come after the rules, has named the engines.
  private final List<EngineChoice> engineChoices = new ArrayList<>();

  /** A rule's {@code engine:} as written, and the matcher read from it. */
  private record EngineChoice(String rule, Node node, ValueMatcher matcher) {}

  private RulesLoader(String file) {
    this.nodes = new Nodes(file);
    this.patterns = new PatternReader(nodes);
    this.actions = new ActionReader(nodes);
  }

  public static RuleSet load(Path path) throws IOException, InvalidRulesException {
    return new RulesLoader(path.toString()).read(YamlDocument.read(path));
  }

  public static RuleSet parse(String file, String text) throws InvalidRulesException {
    return new RulesLoader(file).read(YamlDocument.compose(file, text));
  }

  private RuleSet read(Optional<Node> document) throws InvalidRulesException {
    String file = nodes.file();
    if (document.isEmpty() || Nodes.isNull(document.get())) {
      throw new InvalidRulesException(
          List.of(new Problem(file, 1, 1, null, "the file is empty: expected events_reactor:")));
    }
    List<Rule> rules = new ArrayList<>();
    Settings settings = Settings.DEFAULTS;
    boolean sawRules = false;
    for (NodeTuple entry : nodes.mapping(document.get(), "the top level")) {
      String key = nodes.scalar(entry.getKeyNode(), "a key");
      if ("events_reactor".equals(key)) {
        sawRules = true;
        rules = rules(entry.getValueNode());
      } else if ("reactor".equals(key)) {
        settings = settings(entry.getValueNode());
      } else if (key != null) {
        nodes.unknownKey(entry.getKeyNode(), key, ROOT_KEYS);
      }
    }
    if (!sawRules) {
      nodes.problem(document.get(), "no events_reactor: block, so no rules");
    }
    List<String> engines = settings.engineNames();
    engineChoices.forEach(choice -> knownEngines(choice, engines));
    if (!nodes.problems().isEmpty()) {
      List<Problem> inFileOrder = new ArrayList<>(nodes.problems());
      inFileOrder.sort(
          java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
      throw new InvalidRulesException(inFileOrder);
    }
    return new RuleSet(rules, settings);
  }

  private List<Rule> rules(Node node) {
    List<Rule> rules = new ArrayList<>();
    Map<String, List<String>> metricLabels = new HashMap<>();
    List<NodeTuple> entries = nodes.mapping(node, "events_reactor");
    if (entries.isEmpty() && node instanceof MappingNode) {
      nodes.problem(node, "events_reactor has no rules");
    }
    for (NodeTuple entry : entries) {
      String name = nodes.scalar(entry.getKeyNode(), "a rule name");
      if (name == null) {
        continue;
      }
      nodes.inRule(name);
      rule(entry)
          .ifPresent(
              rule -> {
                rule.metric().ifPresent(m -> sameLabels(entry, m, metricLabels));
                rules.add(rule);
              });
      nodes.inRule(null);
    }
    return rules;
  }

  /**
   * One counter, one set of label names: two rules may share a metric only with the same labels.
   * {@code x} and {@code x_total} are the same counter.
   */
  private void sameLabels(NodeTuple entry, RuleMetric metric, Map<String, List<String>> seen) {
    List<String> labels = new ArrayList<>(metric.labels().keySet());
    List<String> first = seen.putIfAbsent(metric.counterName(), labels);
    if (first != null && !first.equals(labels)) {
      nodes.problem(
          entry.getKeyNode(),
          "metric "
              + metric.name()
              + " has the labels "
              + first
              + " in another rule, not "
              + labels);
    }
  }

  private Optional<Rule> rule(NodeTuple entry) {
    int before = nodes.problems().size();
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple field : nodes.mapping(entry.getValueNode(), "a rule")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if (key != null && !(", " + RULE_KEYS + ",").contains(", " + key + ",")) {
        nodes.unknownKey(field.getKeyNode(), key, RULE_KEYS);
      } else if (key != null) {
        fields.put(key, field.getValueNode());
      }
    }
    List<EventPattern> matching =
        fields.containsKey("event")
            ? patterns.patterns(fields.get("event"))
            : List.of(EventPattern.EVERY_EVENT);
    Optional<RuleOptions.Batch> batch = read(fields, "batch", this::batch);
    actions.batched(fields.containsKey("batch"));
    List<Action> ruleActions = new ArrayList<>();
    if (fields.containsKey("run")) {
      actions
          .exec(
              fields.get("run"),
              fields.get("env"),
              fields.get("cwd"),
              fields.get("stdin"),
              fields.get("output"))
          .ifPresent(ruleActions::add);
    } else {
      for (String execOnly : List.of("env", "cwd", "stdin", "output")) {
        if (fields.containsKey(execOnly)) {
          nodes.problem(fields.get(execOnly), execOnly + ": only with run");
        }
      }
    }
    if (fields.containsKey("webhook")) {
      actions.webhook(fields.get("webhook")).ifPresent(ruleActions::add);
    }
    if (fields.containsKey("nats")) {
      if (fields.containsKey("batch")) {
        nodes.problem(
            fields.get("batch"),
            "batch: not with nats, which publishes each event on its own with its id (the stream"
                + " drops copies by id, which a batch does not keep)");
      }
      actions.nats(fields.get("nats")).ifPresent(ruleActions::add);
    }
    if (fields.containsKey("container")) {
      if (fields.containsKey("batch")) {
        nodes.problem(
            fields.get("batch"),
            "batch: not with container, which acts on each event's containers as they are now");
      }
      actions.container(fields.get("container")).ifPresent(ruleActions::add);
    }
    Optional<RuleMetric> metric =
        fields.containsKey("metric") ? metric(fields.get("metric")) : Optional.empty();
    Optional<ValueMatcher> engines =
        fields.containsKey("engine")
            ? patterns.value(fields.get("engine"), "engine")
            : Optional.empty();
    engines.ifPresent(
        m -> engineChoices.add(new EngineChoice(nodes.rule(), fields.get("engine"), m)));
    RuleOptions options = options(fields, batch);
    if (ruleActions.isEmpty() && metric.isEmpty() && nodes.problems().size() == before) {
      nodes.problem(
          entry.getKeyNode(),
          "no run: a rule needs a command, a webhook, a nats publish, a container action or a"
              + " metric to count");
    }
    return nodes.problems().size() == before
        ? Optional.of(new Rule(nodes.rule(), matching, ruleActions, options, metric, engines))
        : Optional.empty();
  }

  /**
   * A rule's {@code engine:} names only engines the reactor reads, and listens to one at least: a
   * typo would otherwise leave the rule silent for ever.
   */
  private void knownEngines(EngineChoice choice, List<String> known) {
    nodes.inRule(choice.rule());
    List<ScalarNode> names = new ArrayList<>();
    exactNames(choice.node(), names);
    boolean unknown = false;
    for (ScalarNode name : names) {
      if (!known.contains(name.getValue())) {
        unknown = true;
        nodes.problem(
            name,
            "engine: unknown engine \""
                + name.getValue()
                + "\" (known: "
                + String.join(", ", known)
                + ")");
      }
    }
    if (!unknown && known.stream().noneMatch(choice.matcher()::test)) {
      nodes.problem(
          choice.node(),
          "engine: "
              + choice.matcher().describe()
              + " listens to none of the engines ("
              + String.join(", ", known)
              + ")");
    }
    nodes.inRule(null);
  }

  /** The names written as exact values: alone, in a list, or under {@code not}. */
  private static void exactNames(Node node, List<ScalarNode> names) {
    if (node instanceof ScalarNode scalar && !Nodes.isNull(node)) {
      names.add(scalar);
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> exactNames(item, names));
    } else if (node instanceof MappingNode mapping
        && mapping.getValue().size() == 1
        && mapping.getValue().get(0).getKeyNode() instanceof ScalarNode key
        && "not".equals(key.getValue())) {
      exactNames(mapping.getValue().get(0).getValueNode(), names);
    }
  }

  private RuleOptions options(Map<String, Node> fields, Optional<RuleOptions.Batch> batch) {
    RuleOptions d = RuleOptions.DEFAULTS;
    Duration timeout =
        read(fields, "timeout", n -> nodes.duration(n, "timeout")).orElse(d.timeout());
    Optional<Integer> concurrency =
        read(fields, "concurrency", n -> nodes.count(n, "concurrency", 1, 1_000));
    // queue: a count of events, or a size (10MiB) beside the default count.
    String queueText =
        fields.containsKey("queue")
            ? nodes.scalar(fields.get("queue"), "a count or a size for queue")
            : null;
    boolean queueSize = queueText != null && !queueText.strip().matches("\\d+");
    int queue =
        queueText == null || queueSize
            ? d.queue()
            : nodes.count(fields.get("queue"), "queue", 1, 10_000_000).orElse(d.queue());
    long queueBytes =
        queueSize
            ? queueBytes(fields.get("queue"), queueText).orElse(d.queueBytes())
            : d.queueBytes();
    RuleOptions.Overflow overflow = read(fields, "overflow", this::overflow).orElse(d.overflow());
    boolean reconcile =
        read(fields, "reconcile", n -> nodes.flag(n, "reconcile")).orElse(d.reconcile());
    boolean stop = read(fields, "stop", n -> nodes.flag(n, "stop")).orElse(d.stop());
    Optional<Duration> debounce = read(fields, "debounce", n -> nodes.duration(n, "debounce"));
    Optional<RuleOptions.Throttle> throttle = read(fields, "throttle", this::throttle);
    Template key = read(fields, "key", n -> eventTemplate(n, "key")).orElse(d.key());
    Optional<RuleOptions.Order> order = read(fields, "order", this::order);
    if (debounce.isPresent() && throttle.isPresent()) {
      nodes.problem(
          fields.get("throttle"), "throttle: a rule is either debounced or throttled, not both");
    }
    boolean orderedByKey = order.equals(Optional.of(RuleOptions.Order.KEY));
    if (fields.containsKey("key") && debounce.isEmpty() && throttle.isEmpty() && !orderedByKey) {
      nodes.problem(fields.get("key"), "key: only with debounce, throttle or order: key");
    }
    if (orderedByKey && !fields.containsKey("key")) {
      nodes.problem(fields.get("order"), "order: key needs a key:, as key: '%%actor.name%%'");
    }
    if (overflow == RuleOptions.Overflow.SPILL && debounce.isPresent()) {
      nodes.problem(
          fields.get("overflow"),
          "overflow: spill not with debounce, which keeps only the last event of each key");
    }
    if (fields.containsKey("batch") && (debounce.isPresent() || throttle.isPresent())) {
      nodes.problem(
          fields.get("batch"), "batch: not with debounce or throttle, which act on single events");
    }
    if (fields.containsKey("batch") && fields.containsKey("order")) {
      nodes.problem(
          fields.get("order"),
          "order: not with batch:, whose batches take the queue in turn (one at a time, in event order,"
              + " unless concurrency: runs several batches at once)");
    }
    if (order.equals(Optional.of(RuleOptions.Order.RULE))
        && concurrency.filter(c -> c > 1).isPresent()) {
      nodes.problem(
          fields.get("concurrency"), "concurrency: order: rule runs one command at a time");
    }
    // A batch takes what waits in the queue whatever its actor: its batches run one at a time (in
    // event order) unless a concurrency runs several at once, as they always have.
    RuleOptions.Order effective =
        batch.isPresent()
            ? concurrency.filter(c -> c > 1).isPresent()
                ? RuleOptions.Order.NONE
                : RuleOptions.Order.RULE
            : order.orElse(d.order());
    int workers =
        effective == RuleOptions.Order.RULE
            ? 1
            : concurrency.orElse(batch.isPresent() ? 1 : d.concurrency());
    return new RuleOptions(
        timeout,
        workers,
        queue,
        overflow,
        reconcile,
        stop,
        debounce,
        throttle,
        key,
        batch,
        queueBytes,
        effective);
  }

  private static <T> Optional<T> read(
      Map<String, Node> fields, String key, java.util.function.Function<Node, Optional<T>> reader) {
    return fields.containsKey(key) ? reader.apply(fields.get(key)) : Optional.empty();
  }

  // Below a kibibyte a queue could not hold one event.
  private Optional<Long> queueBytes(Node node, String text) {
    try {
      long bytes = ByteSize.parse(text);
      if (bytes >= 1024) {
        return Optional.of(bytes);
      }
      nodes.problem(node, "queue: at least 1KiB, found \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      nodes.problem(
          node,
          "queue: expected a count of events from 1 to 10000000 or a size such as 10MiB, found \""
              + text
              + "\"");
    }
    return Optional.empty();
  }

  private Optional<RuleOptions.Overflow> overflow(Node node) {
    return choice(
        node,
        "overflow",
        "drop-newest, drop-oldest or spill",
        RuleOptions.Overflow.CHOICES.toArray(new RuleOptions.Overflow[0]),
        RuleOptions.Overflow::text);
  }

  private Optional<RuleOptions.Order> order(Node node) {
    return choice(
        node,
        "order",
        "actor, key, rule or none",
        RuleOptions.Order.values(),
        RuleOptions.Order::text);
  }

  /** One of a fixed set of words, written as {@code text} gives them. */
  private <E> Optional<E> choice(
      Node node,
      String option,
      String words,
      E[] values,
      java.util.function.Function<E, String> text) {
    String found = nodes.scalar(node, words + " for " + option);
    if (found == null) {
      return Optional.empty();
    }
    for (E value : values) {
      if (text.apply(value).equals(found)) {
        return Optional.of(value);
      }
    }
    nodes.problem(node, option + ": expected " + words + ", found \"" + found + "\"");
    return Optional.empty();
  }

  /** {@code batch: 500} or {@code batch: {max: 500, linger: 200ms}}. */
  private Optional<RuleOptions.Batch> batch(Node node) {
    if (!(node instanceof MappingNode)) {
      return nodes
          .count(node, "batch", 1, 100_000)
          .map(max -> new RuleOptions.Batch(max, Duration.ZERO));
    }
    Optional<Integer> max = Optional.empty();
    Duration linger = Duration.ZERO;
    for (NodeTuple field : nodes.mapping(node, "batch")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("max".equals(key)) {
        max = nodes.count(field.getValueNode(), "batch max", 1, 100_000);
      } else if ("linger".equals(key)) {
        linger = nodes.duration(field.getValueNode(), "batch linger").orElse(linger);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "max, linger");
      }
    }
    if (max.isEmpty()) {
      nodes.problem(node, "batch: needs max, as {max: 500, linger: 200ms}");
      return Optional.empty();
    }
    return Optional.of(new RuleOptions.Batch(max.get(), linger));
  }

  private Optional<RuleOptions.Throttle> throttle(Node node) {
    Optional<Integer> max = Optional.empty();
    Optional<Duration> per = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "throttle")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("max".equals(key)) {
        max = nodes.count(field.getValueNode(), "throttle max", 1, 1_000_000);
      } else if ("per".equals(key)) {
        per = nodes.duration(field.getValueNode(), "throttle per");
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "max, per");
      }
    }
    if (max.isEmpty() || per.isEmpty()) {
      nodes.problem(node, "throttle: needs max and per, as {max: 1, per: 1m}");
      return Optional.empty();
    }
    return Optional.of(new RuleOptions.Throttle(max.get(), per.get()));
  }

  private Optional<RuleMetric> metric(Node node) {
    int before = nodes.problems().size();
    String name = null;
    Map<String, Template> labels = new LinkedHashMap<>();
    for (NodeTuple field : nodes.mapping(node, "metric")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("name".equals(key)) {
        name = nodes.scalar(field.getValueNode(), "a metric name");
        if (name != null) {
          metricName(name).ifPresent(why -> nodes.problem(field.getValueNode(), "metric: " + why));
        }
      } else if ("labels".equals(key)) {
        for (NodeTuple label : nodes.mapping(field.getValueNode(), "metric labels")) {
          String labelName = nodes.scalar(label.getKeyNode(), "a label name");
          if (labelName != null && !LABEL_NAME.matcher(labelName).matches()) {
            nodes.problem(
                label.getKeyNode(), "metric: \"" + labelName + "\" is not a Prometheus label name");
          }
          eventTemplate(label.getValueNode(), "metric labels")
              .ifPresent(t -> labels.put(labelName, t));
        }
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "name, labels");
      }
    }
    if (name == null && nodes.problems().size() == before) {
      nodes.problem(node, "metric: needs a name");
    }
    return nodes.problems().size() == before
        ? Optional.of(new RuleMetric(name, labels))
        : Optional.empty();
  }

  /** Why {@code run} could not register a counter of this name, or empty. */
  private static Optional<String> metricName(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      return Optional.of("\"" + name + "\" is not a Prometheus metric name");
    }
    String counter = RuleMetric.counterName(name);
    for (String prefix : RESERVED_PREFIXES) {
      if (counter.startsWith(prefix)) {
        return Optional.of(
            "\""
                + name
                + "\" is named like the reactor's own metrics ("
                + String.join("*, ", RESERVED_PREFIXES)
                + "*): choose another name");
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (counter.endsWith(suffix)) {
        return Optional.of(
            "\""
                + name
                + "\" ends in "
                + suffix
                + ", which Prometheus reserves: choose another name");
      }
    }
    return Optional.empty();
  }

  /**
   * A template of event values only: it is rendered on the reading thread, which never waits for
   * the engine (an inspect can take seconds).
   */
  private Optional<Template> eventTemplate(Node node, String what) {
    Optional<Template> template = nodes.template(node, "a string for " + what);
    if (template.isPresent() && !template.get().eventOnly()) {
      nodes.problem(
          node,
          what
              + ": event values only, not %%host%%, %%ip%% or %%container.…%% (rendered on the"
              + " reading thread, which never waits for the engine)");
      return Optional.empty();
    }
    return template;
  }

  private Settings settings(Node node) {
    Optional<String> dockerHost = Optional.empty();
    Optional<String> stateFile = Optional.empty();
    MetricsSettings metrics = MetricsSettings.DEFAULTS;
    NatsSettings nats = NatsSettings.DEFAULTS;
    int maxEventBytes = Settings.DEFAULT_MAX_EVENT_BYTES;
    EngineSettings engine = EngineSettings.DEFAULTS;
    EngineSettingsReader engineReader = new EngineSettingsReader(nodes);
    JournalSettings journal = JournalSettings.DEFAULTS;
    List<NamedEngine> engines = List.of();
    Map<String, Node> singleEngine = new LinkedHashMap<>();
    for (NodeTuple field : nodes.mapping(node, "reactor")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("docker_host".equals(key) || "tls".equals(key)) {
        singleEngine.put(key, field.getKeyNode());
      }
      if ("engines".equals(key)) {
        engines = engines(field.getValueNode(), engineReader);
      } else if ("docker_host".equals(key)) {
        dockerHost =
            Optional.ofNullable(nodes.scalar(field.getValueNode(), "a string for docker_host"));
      } else if ("state_file".equals(key)) {
        stateFile =
            Optional.ofNullable(nodes.scalar(field.getValueNode(), "a path for state_file"));
      } else if ("metrics".equals(key)) {
        metrics = metricsSettings(field.getValueNode());
      } else if ("nats".equals(key)) {
        nats = actions.natsSettings(field.getValueNode());
      } else if ("max_event_bytes".equals(key)) {
        maxEventBytes =
            nodes
                .count(field.getValueNode(), "max_event_bytes", 4096, Integer.MAX_VALUE - 64)
                .orElse(maxEventBytes);
      } else if ("tls".equals(key)) {
        engine = engineReader.tls(field.getValueNode(), engine);
      } else if ("payload".equals(key)) {
        engine = engineReader.payload(field.getValueNode(), engine);
      } else if ("journal".equals(key)) {
        journal = journalSettings(field.getValueNode());
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, SETTINGS_KEYS);
      }
    }
    if (!engines.isEmpty()) {
      singleEngine.forEach(
          (key, keyNode) ->
              nodes.problem(
                  keyNode,
                  key
                      + ": not with engines:, which says each engine's host and tls (the list is"
                      + " the whole truth: move this into an entry)"));
    }
    return new Settings(
        dockerHost, stateFile, metrics, maxEventBytes, nats, engine, journal, engines);
  }

  /** {@code engines: [{name: docker, host: unix:///var/run/docker.sock, tls: {…}}, …]}. */
  private List<NamedEngine> engines(Node node, EngineSettingsReader engineReader) {
    List<NamedEngine> engines = new ArrayList<>();
    if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
      nodes.problem(
          node,
          "engines: expected a list of {name, host}, as [{name: docker, host:"
              + " unix:///var/run/docker.sock}]");
      return engines;
    }
    for (Node item : list.getValue()) {
      String name = null;
      String host = null;
      Optional<String> tls = Optional.empty();
      int before = nodes.problems().size();
      for (NodeTuple field : nodes.mapping(item, "an engine")) {
        String key = nodes.scalar(field.getKeyNode(), "a key");
        Node value = field.getValueNode();
        if ("name".equals(key)) {
          name = engineName(value, engines);
        } else if ("host".equals(key)) {
          host = engineHost(value);
        } else if ("tls".equals(key)) {
          tls = engineReader.tls(value, EngineSettings.DEFAULTS).tlsCertPath();
        } else if (key != null) {
          nodes.unknownKey(field.getKeyNode(), key, ENGINE_KEYS);
        }
      }
      if (nodes.problems().size() > before) {
        continue;
      }
      if (name == null || host == null) {
        nodes.problem(item, "engines: each engine needs a name and a host");
      } else {
        engines.add(new NamedEngine(name, host, tls));
      }
    }
    return engines;
  }

  private String engineHost(Node node) {
    String host = nodes.scalar(node, "unix:///path or tcp://host:port for host");
    if (host != null && !ENGINE_HOST.matcher(host).matches()) {
      nodes.problem(
          node,
          "engines: host \""
              + host
              + "\" is not unix:///path/to/socket or tcp://host:port (an ssh:// engine: forward its"
              + " socket and give the forwarded one)");
      return null;
    }
    return host;
  }

  private String engineName(Node node, List<NamedEngine> earlier) {
    String name = nodes.scalar(node, "a name for the engine");
    if (name == null) {
      return null;
    }
    if (!ENGINE_NAME.matcher(name).matches()) {
      nodes.problem(
          node,
          "engines: \""
              + name
              + "\" is not an engine name (letters, digits, _ . -, at most 63, a letter or digit"
              + " first)");
      return null;
    }
    if (earlier.stream().anyMatch(e -> e.name().equals(name))) {
      nodes.problem(node, "engines: \"" + name + "\" is named twice");
      return null;
    }
    return name;
  }

  private JournalSettings journalSettings(Node node) {
    JournalSettings journal = JournalSettings.DEFAULTS;
    Optional<String> path = journal.path();
    JournalSettings.Fsync fsync = journal.fsync();
    long maxBytes = journal.maxBytes();
    for (NodeTuple field : nodes.mapping(node, "journal")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("path".equals(key)) {
        path = Optional.ofNullable(nodes.scalar(value, "a directory for journal.path"));
      } else if ("fsync".equals(key)) {
        fsync = fsync(value).orElse(fsync);
      } else if ("max_bytes".equals(key)) {
        maxBytes = maxBytes(value).orElse(maxBytes);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, JOURNAL_KEYS);
      }
    }
    return new JournalSettings(path, fsync, maxBytes);
  }

  private Optional<JournalSettings.Fsync> fsync(Node node) {
    String text = nodes.scalar(node, "always, batch or never for fsync");
    for (JournalSettings.Fsync policy : JournalSettings.Fsync.values()) {
      if (policy.text().equals(text)) {
        return Optional.of(policy);
      }
    }
    if (text != null) {
      nodes.problem(node, "fsync: expected always, batch or never, found \"" + text + "\"");
    }
    return Optional.empty();
  }

  // Below a megabyte the journal could not hold one burst of the engine's events.
  private Optional<Long> maxBytes(Node node) {
    String text = nodes.scalar(node, "a size for max_bytes");
    if (text == null) {
      return Optional.empty();
    }
    try {
      long bytes = ByteSize.parse(text);
      if (bytes >= 1L << 20) {
        return Optional.of(bytes);
      }
      nodes.problem(node, "max_bytes: at least 1MiB, found \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      nodes.problem(node, "max_bytes: " + e.getMessage());
    }
    return Optional.empty();
  }

  private MetricsSettings metricsSettings(Node node) {
    MetricsSettings defaults = MetricsSettings.DEFAULTS;
    Optional<String> listen = defaults.listen();
    List<String> labels = new ArrayList<>();
    boolean detail = defaults.healthStatusDetail();
    int maxSeries = defaults.maxSeries();
    for (NodeTuple field : nodes.mapping(node, "metrics")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "listen" ->
            listen = Optional.ofNullable(nodes.scalar(value, "HOST:PORT or PORT for listen"));
        case "labels" -> labels = attributeLabels(value);
        case "health_status_detail" ->
            detail = nodes.flag(value, "health_status_detail").orElse(detail);
        case "max_series" ->
            maxSeries = nodes.count(value, "max_series", 1, 1_000_000).orElse(maxSeries);
        default -> nodes.unknownKey(field.getKeyNode(), key, METRICS_KEYS);
      }
    }
    return new MetricsSettings(listen, labels, detail, maxSeries);
  }

  private List<String> attributeLabels(Node node) {
    List<String> labels = new ArrayList<>();
    if (!(node instanceof SequenceNode sequenceNode)) {
      nodes.problem(
          node, "labels: expected a list such as [actor.name, actor.com.docker.compose.service]");
      return labels;
    }
    for (Node item : sequenceNode.getValue()) {
      String name = nodes.scalar(item, "an event field for labels");
      if (name != null
          && (name.equals("actor.id")
              || !name.startsWith("actor.")
              || EventField.named(name).isEmpty())) {
        nodes.problem(
            item, "labels: \"" + name + "\" is not an actor attribute such as actor.name");
      } else if (name != null) {
        labels.add(name);
      }
    }
    return labels;
  }
}
