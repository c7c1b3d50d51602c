package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.ValueMatcher;
import io.github.dockereventsreactor.template.Template;
import io.github.dockereventsreactor.template.UnknownPlaceholderException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

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
      "event, run, metric, timeout, concurrency, queue, overflow, reconcile";
  private static final String EVENT_KEYS = "type, action, scope, actor";
  private static final String SETTINGS_KEYS = "docker_host, state_file, metrics";
  private static final String METRICS_KEYS = "listen, labels, health_status_detail, max_series";
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  private String rule;

  private RulesLoader(String file) {
    this.file = file;
  }

  public static RuleSet load(Path path) throws IOException, InvalidRulesException {
    String text;
    try {
      text = Files.readString(path);
    } catch (CharacterCodingException e) {
      throw new InvalidRulesException(
          List.of(new Problem(path.toString(), 1, 1, null, "the file is not UTF-8 text")));
    }
    return parse(path.toString(), text);
  }

  public static RuleSet parse(String file, String text) throws InvalidRulesException {
    return new RulesLoader(file).read(text);
  }

  private RuleSet read(String text) throws InvalidRulesException {
    Optional<Node> document;
    try {
      document = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      problems.add(
          new Problem(
              file,
              mark == null ? 1 : mark.getLine() + 1,
              mark == null ? 1 : mark.getColumn() + 1,
              null,
              "YAML syntax error: " + e.getProblem()));
      throw new InvalidRulesException(problems);
    } catch (YamlEngineException e) {
      problems.add(new Problem(file, 1, 1, null, "YAML syntax error: " + e.getMessage()));
      throw new InvalidRulesException(problems);
    }
    if (document.isEmpty() || isNull(document.get())) {
      problems.add(new Problem(file, 1, 1, null, "the file is empty: expected events_reactor:"));
      throw new InvalidRulesException(problems);
    }
    List<Rule> rules = new ArrayList<>();
    Settings settings = Settings.DEFAULTS;
    boolean sawRules = false;
    for (NodeTuple entry : mapping(document.get(), "the top level")) {
      String key = scalar(entry.getKeyNode(), "a key");
      if ("events_reactor".equals(key)) {
        sawRules = true;
        rules = rules(entry.getValueNode());
      } else if ("reactor".equals(key)) {
        settings = settings(entry.getValueNode());
      } else if (key != null) {
        unknownKey(entry.getKeyNode(), key, ROOT_KEYS);
      }
    }
    if (!sawRules) {
      problem(document.get(), "no events_reactor: block, so no rules");
    }
    if (!problems.isEmpty()) {
      throw new InvalidRulesException(problems);
    }
    return new RuleSet(rules, settings);
  }

  private List<Rule> rules(Node node) {
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<NodeTuple> entries = mapping(node, "events_reactor");
    if (entries.isEmpty() && node instanceof MappingNode) {
      problem(node, "events_reactor has no rules");
    }
    for (NodeTuple entry : entries) {
      String name = scalar(entry.getKeyNode(), "a rule name");
      if (name == null) {
        continue;
      }
      rule = name;
      if (!names.add(name)) {
        problem(entry.getKeyNode(), "a rule of this name is already defined");
      }
      rule(entry).ifPresent(rules::add);
      rule = null;
    }
    return rules;
  }

  private Optional<Rule> rule(NodeTuple entry) {
    int before = problems.size();
    EventPattern pattern = EventPattern.EVERY_EVENT;
    List<Template> run = null;
    Optional<RuleMetric> metric = Optional.empty();
    RuleOptions defaults = RuleOptions.DEFAULTS;
    Duration timeout = defaults.timeout();
    int concurrency = defaults.concurrency();
    int queue = defaults.queue();
    RuleOptions.Overflow overflow = defaults.overflow();
    boolean reconcile = defaults.reconcile();
    for (NodeTuple field : mapping(entry.getValueNode(), "a rule")) {
      String key = scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "event":
          pattern = pattern(value);
          break;
        case "run":
          run = command(value);
          break;
        case "metric":
          metric = metric(value);
          break;
        case "timeout":
          timeout = duration(value, "timeout").orElse(timeout);
          break;
        case "concurrency":
          concurrency = count(value, "concurrency", 1, 1_000).orElse(concurrency);
          break;
        case "queue":
          queue = count(value, "queue", 1, 10_000_000).orElse(queue);
          break;
        case "overflow":
          overflow = overflow(value).orElse(overflow);
          break;
        case "reconcile":
          reconcile = flag(value, "reconcile").orElse(reconcile);
          break;
        default:
          unknownKey(field.getKeyNode(), key, RULE_KEYS);
      }
    }
    if (run == null && metric.isEmpty() && problems.size() == before) {
      problem(entry.getKeyNode(), "no run: a rule needs a command (or a metric to count)");
    }
    return problems.size() == before
        ? Optional.of(
            new Rule(
                rule,
                pattern,
                run == null ? List.of() : run,
                new RuleOptions(timeout, concurrency, queue, overflow, reconcile),
                metric))
        : Optional.empty();
  }

  private Optional<RuleMetric> metric(Node node) {
    int before = problems.size();
    String name = null;
    Map<String, Template> labels = new LinkedHashMap<>();
    for (NodeTuple field : mapping(node, "metric")) {
      String key = scalar(field.getKeyNode(), "a key");
      if ("name".equals(key)) {
        name = scalar(field.getValueNode(), "a metric name");
        if (name != null && !METRIC_NAME.matcher(name).matches()) {
          problem(field.getValueNode(), "metric: \"" + name + "\" is not a Prometheus metric name");
        }
      } else if ("labels".equals(key)) {
        for (NodeTuple label : mapping(field.getValueNode(), "metric labels")) {
          String labelName = scalar(label.getKeyNode(), "a label name");
          if (labelName != null && !LABEL_NAME.matcher(labelName).matches()) {
            problem(label.getKeyNode(), "metric: \"" + labelName + "\" is not a Prometheus label name");
          }
          eventTemplate(label.getValueNode()).ifPresent(t -> labels.put(labelName, t));
        }
      } else if (key != null) {
        unknownKey(field.getKeyNode(), key, "name, labels");
      }
    }
    if (name == null && problems.size() == before) {
      problem(node, "metric: needs a name");
    }
    return problems.size() == before ? Optional.of(new RuleMetric(name, labels)) : Optional.empty();
  }

  /** A template of event values only: it is rendered on the reading thread, which never waits. */
  private Optional<Template> eventTemplate(Node node) {
    String text = scalar(node, "a string");
    if (text == null) {
      return Optional.empty();
    }
    try {
      Template template = Template.parse(text);
      if (!template.eventOnly()) {
        problem(node, "metric labels take event values only, not %%host%% or %%ip%%");
        return Optional.empty();
      }
      return Optional.of(template);
    } catch (UnknownPlaceholderException e) {
      problemAt(node, (isQuoted(node) ? 1 : 0) + e.offset(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Duration> duration(Node node, String what) {
    String text = scalar(node, "a duration for " + what);
    if (text == null) {
      return Optional.empty();
    }
    try {
      Duration duration = DurationText.parse(text);
      if (duration.isZero()) {
        problem(node, what + ": must be longer than 0");
        return Optional.empty();
      }
      return Optional.of(duration);
    } catch (IllegalArgumentException e) {
      problem(node, what + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Integer> count(Node node, String what, int min, int max) {
    String text = scalar(node, "a whole number for " + what);
    if (text == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return Optional.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    problem(node, what + ": expected a whole number from " + min + " to " + max + ", found \"" + text + "\"");
    return Optional.empty();
  }

  private Optional<RuleOptions.Overflow> overflow(Node node) {
    String text = scalar(node, "drop-newest or drop-oldest for overflow");
    if (text == null) {
      return Optional.empty();
    }
    for (RuleOptions.Overflow overflow : RuleOptions.Overflow.values()) {
      if (overflow.text().equals(text)) {
        return Optional.of(overflow);
      }
    }
    problem(node, "overflow: expected drop-newest or drop-oldest, found \"" + text + "\"");
    return Optional.empty();
  }

  private Optional<Boolean> flag(Node node, String what) {
    String text = scalar(node, "true or false for " + what);
    if ("true".equals(text) || "false".equals(text)) {
      return Optional.of(Boolean.parseBoolean(text));
    }
    if (text != null) {
      problem(node, what + ": expected true or false, found \"" + text + "\"");
    }
    return Optional.empty();
  }

  private EventPattern pattern(Node node) {
    List<EventPattern.Condition> conditions = new ArrayList<>();
    for (NodeTuple field : mapping(node, "event")) {
      String key = scalar(field.getKeyNode(), "a key");
      if (key == null) {
        continue;
      }
      switch (key) {
        case "type":
        case "scope":
          condition(key, field.getValueNode(), false, conditions::add);
          break;
        case "action":
          condition(key, field.getValueNode(), true, conditions::add);
          break;
        case "actor":
          for (NodeTuple attribute : mapping(field.getValueNode(), "actor")) {
            String name = scalar(attribute.getKeyNode(), "an attribute name");
            if (name != null) {
              condition("actor." + name, attribute.getValueNode(), false, conditions::add);
            }
          }
          break;
        default:
          unknownKey(field.getKeyNode(), key, EVENT_KEYS);
      }
    }
    return new EventPattern(conditions);
  }

  private void condition(
      String fieldName, Node node, boolean action, Consumer<EventPattern.Condition> sink) {
    EventField field = EventField.named(fieldName).orElseThrow();
    matcher(node, action, fieldName).ifPresent(m -> sink.accept(new EventPattern.Condition(field, m)));
  }

  private Optional<ValueMatcher> matcher(Node node, boolean action, String what) {
    if (node instanceof SequenceNode) {
      List<Node> items = ((SequenceNode) node).getValue();
      if (items.isEmpty()) {
        problem(node, what + ": an empty list matches nothing");
        return Optional.empty();
      }
      List<ValueMatcher> alternatives = new ArrayList<>();
      for (Node item : items) {
        String value = scalar(item, "a string in the list of " + what);
        if (value != null) {
          alternatives.add(single(value, action));
        }
      }
      return alternatives.size() == items.size()
          ? Optional.of(new ValueMatcher.AnyOf(alternatives))
          : Optional.empty();
    }
    String value = scalar(node, "a string or a list of strings for " + what);
    return value == null ? Optional.empty() : Optional.of(single(value, action));
  }

  private static ValueMatcher single(String value, boolean action) {
    return action && value.indexOf(':') < 0
        ? new ValueMatcher.ActionWithDetail(value)
        : new ValueMatcher.Exact(value);
  }

  private List<Template> command(Node node) {
    if (!(node instanceof SequenceNode) || ((SequenceNode) node).getValue().isEmpty()) {
      problem(node, "run: expected a non-empty list of strings (the command's argv)");
      return List.of();
    }
    List<Template> argv = new ArrayList<>();
    for (Node item : ((SequenceNode) node).getValue()) {
      String text = scalar(item, "a string in run");
      if (text == null) {
        continue;
      }
      try {
        argv.add(Template.parse(text));
      } catch (UnknownPlaceholderException e) {
        int quote = isQuoted(item) ? 1 : 0;
        problemAt(item, quote + e.offset(), e.getMessage());
      }
    }
    return argv;
  }

  private Settings settings(Node node) {
    Optional<String> dockerHost = Optional.empty();
    Optional<String> stateFile = Optional.empty();
    MetricsSettings metrics = MetricsSettings.DEFAULTS;
    for (NodeTuple field : mapping(node, "reactor")) {
      String key = scalar(field.getKeyNode(), "a key");
      if ("docker_host".equals(key)) {
        dockerHost = Optional.ofNullable(scalar(field.getValueNode(), "a string for docker_host"));
      } else if ("state_file".equals(key)) {
        stateFile = Optional.ofNullable(scalar(field.getValueNode(), "a path for state_file"));
      } else if ("metrics".equals(key)) {
        metrics = metricsSettings(field.getValueNode());
      } else if (key != null) {
        unknownKey(field.getKeyNode(), key, SETTINGS_KEYS);
      }
    }
    return new Settings(dockerHost, stateFile, metrics);
  }

  private MetricsSettings metricsSettings(Node node) {
    MetricsSettings defaults = MetricsSettings.DEFAULTS;
    Optional<String> listen = defaults.listen();
    List<String> labels = new ArrayList<>();
    boolean detail = defaults.healthStatusDetail();
    int maxSeries = defaults.maxSeries();
    for (NodeTuple field : mapping(node, "metrics")) {
      String key = scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "listen":
          listen = Optional.ofNullable(scalar(value, "HOST:PORT or PORT for listen"));
          break;
        case "labels":
          labels = attributeLabels(value);
          break;
        case "health_status_detail":
          detail = flag(value, "health_status_detail").orElse(detail);
          break;
        case "max_series":
          maxSeries = count(value, "max_series", 1, 1_000_000).orElse(maxSeries);
          break;
        default:
          unknownKey(field.getKeyNode(), key, METRICS_KEYS);
      }
    }
    return new MetricsSettings(listen, labels, detail, maxSeries);
  }

  private List<String> attributeLabels(Node node) {
    List<String> labels = new ArrayList<>();
    if (!(node instanceof SequenceNode)) {
      problem(node, "labels: expected a list such as [actor.name, actor.com.docker.compose.service]");
      return labels;
    }
    for (Node item : ((SequenceNode) node).getValue()) {
      String name = scalar(item, "an event field for labels");
      if (name != null && (name.equals("actor.id") || !name.startsWith("actor.") || EventField.named(name).isEmpty())) {
        problem(item, "labels: \"" + name + "\" is not an actor attribute such as actor.name");
      } else if (name != null) {
        labels.add(name);
      }
    }
    return labels;
  }

  private List<NodeTuple> mapping(Node node, String what) {
    if (node instanceof MappingNode) {
      return ((MappingNode) node).getValue();
    }
    problem(node, what + ": expected a mapping, found " + kind(node));
    return List.of();
  }

  /** The scalar's text as written, or null (with a problem) when the node is not a string. */
  private String scalar(Node node, String what) {
    if (node instanceof ScalarNode && !isNull(node)) {
      return ((ScalarNode) node).getValue();
    }
    problem(node, "expected " + what + ", found " + kind(node));
    return null;
  }

  private void unknownKey(Node node, String key, String known) {
    problem(node, "unknown key \"" + key + "\" (known: " + known + ")");
  }

  private void problem(Node node, String message) {
    problemAt(node, 0, message);
  }

  private void problemAt(Node node, int columnOffset, String message) {
    Optional<Mark> mark = node.getStartMark();
    problems.add(
        new Problem(
            file,
            mark.map(m -> m.getLine() + 1).orElse(1),
            mark.map(m -> m.getColumn() + 1).orElse(1) + columnOffset,
            rule,
            message));
  }

  private static boolean isNull(Node node) {
    return Tag.NULL.equals(node.getTag());
  }

  private static boolean isQuoted(Node node) {
    ScalarStyle style = ((ScalarNode) node).getScalarStyle();
    return style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED;
  }

  private static String kind(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "\"" + ((ScalarNode) node).getValue() + "\"";
  }
}
