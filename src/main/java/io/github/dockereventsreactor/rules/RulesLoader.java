package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.ValueMatcher;
import io.github.dockereventsreactor.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private static final Set<String> RULE_KEY_SET = Set.of(RULE_KEYS.split(", "));
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
  private final RuleOptionsReader optionReader;
  private final SettingsReader settingsReader;
  // Checked once the reactor: block, which may come after the rules, has named the engines.
  private final List<EngineChoice> engineChoices = new ArrayList<>();

  /** A rule's {@code engine:} as written, and the matcher read from it. */
  private record EngineChoice(String rule, Node node, ValueMatcher matcher) {}

  private RulesLoader(String file) {
    this.nodes = new Nodes(file);
    this.patterns = new PatternReader(nodes);
    this.actions = new ActionReader(nodes);
    this.optionReader = new RuleOptionsReader(nodes);
    this.settingsReader = new SettingsReader(nodes, actions);
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
        settings = settingsReader.settings(entry.getValueNode());
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
      rule(name, entry)
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

  private Optional<Rule> rule(String name, NodeTuple entry) {
    int before = nodes.problems().size();
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple field : nodes.mapping(entry.getValueNode(), "a rule")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if (key != null && !RULE_KEY_SET.contains(key)) {
        nodes.unknownKey(field.getKeyNode(), key, RULE_KEYS);
      } else if (key != null) {
        fields.put(key, field.getValueNode());
      }
    }
    List<EventPattern> matching =
        fields.containsKey("event")
            ? patterns.patterns(fields.get("event"))
            : List.of(EventPattern.EVERY_EVENT);
    Optional<RuleOptions.Batch> batch =
        RuleOptionsReader.read(fields, "batch", optionReader::batch);
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
        m ->
            engineChoices.add(
                new EngineChoice(name, RuleOptionsReader.given(fields, "engine"), m)));
    RuleOptions options = optionReader.options(fields, batch);
    if (ruleActions.isEmpty() && metric.isEmpty() && nodes.problems().size() == before) {
      nodes.problem(
          entry.getKeyNode(),
          "no run: a rule needs a command, a webhook, a nats publish, a container action or a"
              + " metric to count");
    }
    return nodes.problems().size() == before
        ? Optional.of(new Rule(name, matching, ruleActions, options, metric, engines))
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
          optionReader
              .eventTemplate(label.getValueNode(), "metric labels")
              .ifPresent(t -> labels.put(labelName, t));
        }
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "name, labels");
      }
    }
    if (name == null && nodes.problems().size() == before) {
      nodes.problem(node, "metric: needs a name");
    }
    return name != null && nodes.problems().size() == before
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
}
