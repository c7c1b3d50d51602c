package io.github.dockereventsreactor.ruletest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.rules.DurationText;
import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.YamlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a test file into a {@link RuleTest}, or reports every problem in it at once, each at its
 * line and column as {@code check} reports a rules file's. Events without a time of their own are
 * set at {@link #START} plus their {@code at:} offset (or at the previous event's time).
 */
public final class TestFileReader {

  /** When a case starts, for events that bring no time of their own: 2024-01-01T00:00:00Z. */
  static final long START = 1_704_067_200L * 1_000_000_000L;

  /** The largest recorded events file a case reads. */
  private static final long MAX_EVENTS_FILE = 64L << 20;

  private static final String ROOT_KEYS = "rules, cases";
  private static final String CASE_KEYS = "name, events, events_file, inspect, host, only, expect";
  private static final String EXPECT_KEYS =
      "rule, event, events, at, run, env, cwd, stdin, webhook, nats, container, metric, skipped,"
          + " debounced, throttled";
  private static final String WEBHOOK_KEYS = "method, url, headers, body";
  private static final String NATS_KEYS = "subject, headers, body";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String file;
  private final Path absolute;
  private final List<Problem> problems = new ArrayList<>();

  private TestFileReader(Path path) {
    this.file = path.toString();
    this.absolute = path.toAbsolutePath();
  }

  /** The test file's cases, or every problem in it ({@link InvalidRulesException#problems}). */
  public static RuleTest read(Path path) throws IOException, InvalidRulesException {
    TestFileReader reader = new TestFileReader(path);
    RuleTest test = reader.test(path, YamlDocument.read(path));
    if (!reader.problems.isEmpty()) {
      throw new InvalidRulesException(reader.problems);
    }
    return test;
  }

  private RuleTest test(Path path, Optional<Node> document) {
    List<Path> rules = new ArrayList<>();
    List<RuleTest.Case> cases = new ArrayList<>();
    if (document.isEmpty()) {
      problems.add(new Problem(file, 1, 1, null, "the file is empty: expected rules: and cases:"));
      return new RuleTest(path, rules, cases);
    }
    boolean sawRules = false;
    boolean sawCases = false;
    for (NodeTuple entry : mapping(document.get(), "the top level")) {
      String key = key(entry);
      Node value = entry.getValueNode();
      if ("rules".equals(key)) {
        sawRules = true;
        for (Node item : value instanceof SequenceNode list ? list.getValue() : List.of(value)) {
          String name = scalar(item, "a rules file's path");
          if (name != null) {
            Path rulesFile = absolute.resolveSibling(name);
            if (!Files.isRegularFile(rulesFile)) {
              problem(
                  item,
                  "rules file "
                      + rulesFile
                      + " does not exist (paths are relative to the test file)");
            }
            rules.add(rulesFile);
          }
        }
      } else if ("cases".equals(key)) {
        sawCases = true;
        for (Node item : list(value, "cases")) {
          testCase(item).ifPresent(cases::add);
        }
      } else if (key != null) {
        unknown(entry.getKeyNode(), key, ROOT_KEYS);
      }
    }
    if (!sawRules) {
      problem(document.get(), "no rules: naming the rules file(s) under test");
    }
    if (!sawCases) {
      problem(document.get(), "no cases: nothing to test");
    }
    return new RuleTest(path, rules, cases);
  }

  private Optional<RuleTest.Case> testCase(Node node) {
    int before = problems.size();
    String name = null;
    List<RuleTest.TimedEvent> events = new ArrayList<>();
    Map<String, String> inspect = new LinkedHashMap<>();
    String host = "docker-host";
    Set<String> only = new LinkedHashSet<>();
    List<RuleTest.Expected> expected = new ArrayList<>();
    long[] previous = {START};
    boolean sawExpect = false;
    for (NodeTuple entry : mapping(node, "a case")) {
      String key = key(entry);
      Node value = entry.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "name" -> name = scalar(value, "the case's name");
        case "events" -> {
          for (Node item : list(value, "events")) {
            event(item, previous).ifPresent(events::add);
          }
        }
        case "events_file" -> recorded(value).forEach(events::add);
        case "inspect" -> {
          for (NodeTuple document : mapping(value, "inspect")) {
            String container = key(document);
            JsonNode tree = json(document.getValueNode());
            if (container != null && tree.isObject()) {
              inspect.put(container, tree.toString());
            } else if (container != null) {
              problem(
                  document.getValueNode(),
                  "inspect "
                      + container
                      + ": expected the container's inspect document, a mapping");
            }
          }
        }
        case "host" -> host = Optional.ofNullable(scalar(value, "a host name")).orElse(host);
        case "only" -> {
          for (Node item : list(value, "only")) {
            Optional.ofNullable(scalar(item, "a rule's name")).ifPresent(only::add);
          }
        }
        case "expect" -> {
          sawExpect = true;
          for (Node item : list(value, "expect")) {
            expectation(item).ifPresent(expected::add);
          }
        }
        default -> unknown(entry.getKeyNode(), key, CASE_KEYS);
      }
    }
    if (name == null && problems.size() == before) {
      problem(node, "a case needs a name:");
    }
    if (events.isEmpty() && problems.size() == before) {
      problem(node, "case \"" + name + "\": no events: or events_file:, nothing happens");
    }
    if (!sawExpect && problems.size() == before) {
      problem(
          node,
          "case \""
              + name
              + "\": no expect: (write expect: [] for a case where no rule does anything)");
    }
    return name != null && problems.size() == before
        ? Optional.of(new RuleTest.Case(name, line(node), events, inspect, host, only, expected))
        : Optional.empty();
  }

  /**
   * An inline event: a mapping in the engine's JSON shape (or a JSON line), with {@code at:} its
   * offset from the case's start; without either time, at the previous event's.
   */
  private Optional<RuleTest.TimedEvent> event(Node node, long[] previous) {
    JsonNode tree = node instanceof ScalarNode scalar ? parse(node, scalar.getValue()) : json(node);
    if (tree == null) {
      return Optional.empty();
    }
    if (!tree.isObject()) {
      problem(
          node,
          "an event: expected a mapping in the engine's shape (Type, Action, Actor), or a JSON object");
      return Optional.empty();
    }
    ObjectNode event = (ObjectNode) tree;
    JsonNode at = event.remove("at");
    if (at != null) {
      Node atNode = valueOf(node, "at");
      try {
        previous[0] = START + DurationText.parse(at.asText()).toNanos();
      } catch (IllegalArgumentException e) {
        problem(atNode == null ? node : atNode, "at: " + e.getMessage());
        return Optional.empty();
      }
    }
    if (at != null || (!event.has("time") && !event.has("timeNano"))) {
      event.put("time", previous[0] / 1_000_000_000L).put("timeNano", previous[0]);
    }
    try {
      EventJson.parse(event.toString());
    } catch (MalformedEventException e) {
      problem(node, "an event the engine would not send: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new RuleTest.TimedEvent(event.toString(), file + ":" + line(node)));
  }

  /** A recorded file of events, one JSON object a line, each at its own time. */
  private List<RuleTest.TimedEvent> recorded(Node node) {
    String name = scalar(node, "a recorded events file's path");
    if (name == null) {
      return List.of();
    }
    Path path = absolute.resolveSibling(name);
    List<RuleTest.TimedEvent> events = new ArrayList<>();
    try {
      if (Files.size(path) > MAX_EVENTS_FILE) {
        problem(node, "events_file " + path + " is over 64 MiB: record a shorter stretch");
        return List.of();
      }
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          EventJson.parse(lines.get(i));
          events.add(new RuleTest.TimedEvent(lines.get(i).strip(), path + ":" + (i + 1)));
        } catch (MalformedEventException e) {
          problem(node, "events_file " + path + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      problem(
          node, "events_file " + path + " does not exist (paths are relative to the test file)");
    } catch (IOException e) {
      problem(node, "events_file " + path + ": cannot read: " + e.getMessage());
    }
    return events;
  }

  private Optional<RuleTest.Expected> expectation(Node node) {
    int before = problems.size();
    String rule = null;
    Map<String, String> head = new LinkedHashMap<>();
    Map<String, String> kind = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    for (NodeTuple entry : mapping(node, "an expectation")) {
      String key = key(entry);
      Node value = entry.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "rule" -> rule = scalar(value, "the rule's name");
        case "event" ->
            Optional.ofNullable(number(value)).ifPresent(n -> head.put(Happening.EVENT, n));
        case "events" -> {
          List<String> numbers = new ArrayList<>();
          list(value, "events")
              .forEach(item -> Optional.ofNullable(number(item)).ifPresent(numbers::add));
          head.put(Happening.EVENT, String.join(", ", numbers));
        }
        case "at" -> duration(value).ifPresent(at -> head.put(Happening.AT, at));
        case "run" -> {
          List<String> argv = new ArrayList<>();
          list(value, "run")
              .forEach(
                  item -> Optional.ofNullable(scalar(item, "an argument")).ifPresent(argv::add));
          kind.put("run", Canonical.strings(argv));
        }
        case "env" -> {
          Map<String, String> env = new LinkedHashMap<>();
          for (NodeTuple variable : mapping(value, "env")) {
            String name = key(variable);
            String text = scalar(variable.getValueNode(), "a value");
            if (name != null && text != null) {
              env.put(name, text);
            }
          }
          details.put("env", Canonical.map(env));
        }
        case "cwd" ->
            Optional.ofNullable(scalar(value, "a directory"))
                .ifPresent(cwd -> details.put("cwd", cwd));
        case "stdin" -> details.put("stdin", body(value));
        case "webhook" -> {
          kind.put("webhook", "");
          request(value, WEBHOOK_KEYS, details);
        }
        case "nats" -> {
          kind.put("nats", "");
          request(value, NATS_KEYS, details);
        }
        case "container" ->
            Optional.ofNullable(scalar(value, "the action as replay prints it"))
                .ifPresent(c -> kind.put("container", c));
        case "metric" ->
            Optional.ofNullable(scalar(value, "a counter, as name{label=\"value\"}"))
                .ifPresent(m -> kind.put("metric", m));
        case "skipped" ->
            Optional.ofNullable(scalar(value, "true or a part of the reason"))
                .ifPresent(r -> kind.put("skipped", r));
        case "debounced", "throttled" -> {
          if (!"true".equals(scalar(value, "true"))) {
            problem(value, key + ": expected true");
          }
          kind.put(key, "true");
        }
        default -> unknown(entry.getKeyNode(), key, EXPECT_KEYS);
      }
    }
    if (rule == null && problems.size() == before) {
      problem(node, "an expectation needs the rule: it is about");
    }
    if (kind.size() != 1 && problems.size() == before) {
      problem(
          node,
          "an expectation needs one of run, webhook, nats, container, metric, skipped, debounced,"
              + " throttled"
              + (kind.isEmpty() ? "" : ", not " + String.join(" and ", kind.keySet())));
    }
    Map<String, String> fields = new LinkedHashMap<>(head);
    fields.putAll(kind);
    fields.putAll(details);
    return rule != null && problems.size() == before
        ? Optional.of(new RuleTest.Expected(rule, line(node), fields))
        : Optional.empty();
  }

  /** A webhook's or a NATS message's fields: method, url or subject, headers, body. */
  private void request(Node node, String keys, Map<String, String> into) {
    for (NodeTuple entry : mapping(node, "the request")) {
      String key = key(entry);
      Node value = entry.getValueNode();
      if (key == null) {
        continue;
      }
      if (key.equals("headers")) {
        for (NodeTuple header : mapping(value, "headers")) {
          String name = key(header);
          String text = scalar(header.getValueNode(), "a header's value");
          if (name != null && text != null) {
            into.put(Recorder.header(name), text);
          }
        }
      } else if (key.equals("body")) {
        into.put("body", body(value));
      } else if (List.of(keys.split(", ")).contains(key)) {
        Optional.ofNullable(scalar(value, "a " + key)).ifPresent(text -> into.put(key, text));
      } else {
        unknown(entry.getKeyNode(), key, keys);
      }
    }
  }

  /** A body as written: a mapping or list is JSON, a text is compared as JSON when it is JSON. */
  private String body(Node node) {
    if (node instanceof ScalarNode scalar) {
      return Canonical.body(scalar.getValue());
    }
    return Canonical.json(json(node));
  }

  private @Nullable String number(Node node) {
    String text = scalar(node, "an event's number in the case, from 1");
    if (text != null && !text.matches("[1-9][0-9]{0,8}")) {
      problem(node, "expected an event's number in the case, from 1, found \"" + text + "\"");
      return null;
    }
    return text;
  }

  private Optional<String> duration(Node node) {
    String text = scalar(node, "a duration after the case's start");
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Canonical.at(DurationText.parse(text).toNanos()));
    } catch (IllegalArgumentException e) {
      problem(node, "at: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** A YAML node as JSON: plain scalars typed as YAML resolves them (numbers, true, null). */
  private JsonNode json(Node node) {
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple entry : mapping.getValue()) {
        String key = key(entry);
        if (key != null) {
          object.set(key, json(entry.getValueNode()));
        }
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      sequence.getValue().forEach(item -> array.add(json(item)));
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(Boolean.parseBoolean(text));
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        return NODES.textNode(text);
      }
    }
    return NODES.textNode(text);
  }

  private @Nullable JsonNode parse(Node node, String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      problem(node, "not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return null;
    }
  }

  private static @Nullable Node valueOf(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple entry : m.getValue()) {
        if (entry.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return entry.getValueNode();
        }
      }
    }
    return null;
  }

  private List<NodeTuple> mapping(Node node, String what) {
    if (node instanceof MappingNode mapping) {
      return mapping.getValue();
    }
    problem(node, what + ": expected a mapping, found " + kind(node));
    return List.of();
  }

  private List<Node> list(Node node, String what) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    problem(node, what + ": expected a list, found " + kind(node));
    return List.of();
  }

  private @Nullable String key(NodeTuple entry) {
    return scalar(entry.getKeyNode(), "a key");
  }

  private @Nullable String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
      return scalar.getValue();
    }
    problem(node, "expected " + what + ", found " + kind(node));
    return null;
  }

  private void unknown(Node node, String key, String known) {
    problem(node, "unknown key \"" + key + "\" (known: " + known + ")");
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return ((ScalarNode) node).getTag().equals(Tag.NULL)
        ? "nothing"
        : "\"" + ((ScalarNode) node).getValue() + "\"";
  }

  private void problem(Node node, String message) {
    Optional<Mark> mark = node.getStartMark();
    problems.add(
        new Problem(
            file,
            mark.map(m -> m.getLine() + 1).orElse(1),
            mark.map(m -> m.getColumn() + 1).orElse(1),
            null,
            message));
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }
}
