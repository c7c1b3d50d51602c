package io.github.dockereventsreactor.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.match.InvalidGlobException;
import io.github.dockereventsreactor.match.ValueMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a rule's {@code event:}: one match block or a list of them (any of), each key an exact
 * string, a list (any of) or an operator map ({@code glob}, {@code regex}, {@code not}, {@code
 * exists}), compiled here, once.
 */
final class PatternReader {

  private static final String EVENT_KEYS = "type, action, scope, actor, killed";
  private static final String OPERATORS = "glob, regex, not, exists";

  private final Nodes nodes;

  PatternReader(Nodes nodes) {
    this.nodes = nodes;
  }

  List<EventPattern> patterns(Node node) {
    if (!(node instanceof SequenceNode sequenceNode)) {
      return List.of(pattern(node));
    }
    List<Node> blocks = sequenceNode.getValue();
    if (blocks.isEmpty()) {
      nodes.problem(node, "event: an empty list matches nothing");
    }
    List<EventPattern> patterns = new ArrayList<>();
    blocks.forEach(block -> patterns.add(pattern(block)));
    return patterns;
  }

  private EventPattern pattern(Node node) {
    List<EventPattern.Condition> conditions = new ArrayList<>();
    for (NodeTuple field : nodes.mapping(node, "event")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if (key == null) {
        continue;
      }
      switch (key) {
        case "type", "scope", "killed" ->
            condition(key, field.getValueNode(), false, conditions::add);
        case "action" -> condition(key, field.getValueNode(), true, conditions::add);
        case "actor" -> {
          for (NodeTuple attribute : nodes.mapping(field.getValueNode(), "actor")) {
            String name = nodes.scalar(attribute.getKeyNode(), "an attribute name");
            if (name != null) {
              condition("actor." + name, attribute.getValueNode(), false, conditions::add);
            }
          }
        }
        default -> nodes.unknownKey(field.getKeyNode(), key, EVENT_KEYS);
      }
    }
    return new EventPattern(conditions);
  }

  private void condition(
      String fieldName, Node node, boolean action, Consumer<EventPattern.Condition> sink) {
    EventField field = EventField.named(fieldName).orElseThrow();
    matcher(node, action, fieldName)
        .ifPresent(m -> sink.accept(new EventPattern.Condition(field, m)));
  }

  /** One value's matcher outside an event block, as a rule's {@code engine:}. */
  Optional<ValueMatcher> value(Node node, String what) {
    return matcher(node, false, what);
  }

  private Optional<ValueMatcher> matcher(Node node, boolean action, String what) {
    if (node instanceof SequenceNode sequenceNode) {
      List<Node> items = sequenceNode.getValue();
      if (items.isEmpty()) {
        nodes.problem(node, what + ": an empty list matches nothing");
        return Optional.empty();
      }
      List<ValueMatcher> alternatives = new ArrayList<>();
      for (Node item : items) {
        matcher(item, action, what).ifPresent(alternatives::add);
      }
      return alternatives.size() == items.size()
          ? Optional.of(new ValueMatcher.AnyOf(alternatives))
          : Optional.empty();
    }
    if (node instanceof MappingNode mappingNode) {
      return operator(mappingNode, action, what);
    }
    String value =
        nodes.scalar(node, "a string, a list or an operator (" + OPERATORS + ") for " + what);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        action && value.indexOf(':') < 0
            ? new ValueMatcher.ActionWithDetail(value)
            : new ValueMatcher.Exact(value));
  }

  private Optional<ValueMatcher> operator(MappingNode node, boolean action, String what) {
    if (node.getValue().size() != 1) {
      nodes.problem(node, what + ": an operator map holds exactly one of " + OPERATORS);
      return Optional.empty();
    }
    NodeTuple entry = node.getValue().get(0);
    String name = nodes.scalar(entry.getKeyNode(), "an operator");
    Node value = entry.getValueNode();
    if (name == null) {
      return Optional.empty();
    }
    return switch (name) {
      case "glob" -> glob(value);
      case "regex" -> regex(value);
      case "not" -> matcher(value, action, what).map(ValueMatcher.Not::new);
      case "exists" -> nodes.flag(value, "exists").map(ValueMatcher.Exists::new);
      default -> {
        nodes.unknownKey(entry.getKeyNode(), name, OPERATORS);
        yield Optional.empty();
      }
    };
  }

  private Optional<ValueMatcher> glob(Node node) {
    String text = nodes.scalar(node, "a glob pattern");
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ValueMatcher.Glob.of(text));
    } catch (InvalidGlobException e) {
      nodes.problemAt(
          node,
          (Nodes.isQuoted(node) ? 1 : 0) + e.index(),
          "glob: " + e.getMessage() + " in \"" + text + "\"");
      return Optional.empty();
    }
  }

  /**
   * Compiles with RE2/J, linear in time by construction. Its errors carry no index but the
   * offending fragment, found again in the text for the column.
   */
  private Optional<ValueMatcher> regex(Node node) {
    String text = nodes.scalar(node, "a regular expression");
    if (text == null) {
      return Optional.empty();
    }
    Optional<String> tooLarge = RepeatCounts.tooLarge(text);
    if (tooLarge.isPresent()) {
      nodes.problem(node, "regex: " + tooLarge.get() + " in \"" + text + "\"");
      return Optional.empty();
    }
    try {
      return Optional.of(new ValueMatcher.Regex(Pattern.compile(text)));
    } catch (PatternSyntaxException e) {
      String fragment = e.getPattern() == null ? "" : e.getPattern();
      int at = Math.max(0, text.indexOf(fragment));
      nodes.problemAt(
          node,
          (Nodes.isQuoted(node) ? 1 : 0) + text.codePointCount(0, at),
          "regex: "
              + e.getDescription()
              + " `"
              + fragment
              + "` in \""
              + text
              + "\""
              + (unsupported(fragment) ? UNSUPPORTED : ""));
      return Optional.empty();
    }
  }

  private static final String UNSUPPORTED =
      " (RE2 syntax, matched in linear time: no back-references, no look-ahead or look-behind)";

  private static boolean unsupported(String fragment) {
    return fragment.matches("\\\\[1-9].*")
        || fragment.startsWith("(?=")
        || fragment.startsWith("(?!")
        || fragment.startsWith("(?<=")
        || fragment.startsWith("(?<!");
  }
}
