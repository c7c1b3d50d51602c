package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import io.github.dockereventsreactor.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML nodes into values, turning every wrong node into a {@link Problem} at its position
 * (and under the rule being read) instead of stopping: the loader reports every error at once.
 */
final class Nodes {

  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  private @Nullable String rule;

  Nodes(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  List<Problem> problems() {
    return problems;
  }

  /** Problems found from now on are about this rule (null: about none). */
  void inRule(@Nullable String name) {
    rule = name;
  }

  @Nullable String rule() {
    return rule;
  }

  List<org.snakeyaml.engine.v2.nodes.NodeTuple> mapping(Node node, String what) {
    if (node instanceof MappingNode mappingNode) {
      return mappingNode.getValue();
    }
    problem(node, what + ": expected a mapping, found " + kind(node));
    return List.of();
  }

  /** The scalar's text as written, or null (with a problem) when the node is not a string. */
  @Nullable String scalar(Node node, String what) {
    if (node instanceof ScalarNode scalarNode && !isNull(node)) {
      return scalarNode.getValue();
    }
    problem(node, "expected " + what + ", found " + kind(node));
    return null;
  }

  Optional<Template> template(Node node, String what) {
    return template(node, what, Template::parse);
  }

  /** A webhook URL: placeholders percent-encoded where they land, none in scheme, host or port. */
  Optional<Template> urlTemplate(Node node, String what) {
    return template(node, what, Template::parseUrl);
  }

  private Optional<Template> template(Node node, String what, TemplateParser parser) {
    String text = scalar(node, what);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(text));
    } catch (TemplateException e) {
      problemAt(node, (isQuoted(node) ? 1 : 0) + e.offset(), String.valueOf(e.getMessage()));
      return Optional.empty();
    }
  }

  /** Template.parse or Template.parseUrl. */
  private interface TemplateParser {
    Template parse(String text) throws TemplateException;
  }

  Optional<Duration> duration(Node node, String what) {
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

  Optional<Integer> count(Node node, String what, int min, int max) {
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
    problem(
        node,
        what + ": expected a whole number from " + min + " to " + max + ", found \"" + text + "\"");
    return Optional.empty();
  }

  Optional<Boolean> flag(Node node, String what) {
    String text = scalar(node, "true or false for " + what);
    if ("true".equals(text) || "false".equals(text)) {
      return Optional.of(Boolean.parseBoolean(text));
    }
    if (text != null) {
      problem(node, what + ": expected true or false, found \"" + text + "\"");
    }
    return Optional.empty();
  }

  void unknownKey(Node node, String key, String known) {
    problem(node, "unknown key \"" + key + "\" (known: " + known + ")");
  }

  void problem(Node node, String message) {
    problemAt(node, 0, message);
  }

  void problemAt(Node node, int columnOffset, String message) {
    Optional<Mark> mark = node.getStartMark();
    problems.add(
        new Problem(
            file,
            mark.map(m -> m.getLine() + 1).orElse(1),
            mark.map(m -> m.getColumn() + 1).orElse(1) + columnOffset,
            rule,
            message));
  }

  static boolean isNull(Node node) {
    return Tag.NULL.equals(node.getTag());
  }

  static boolean isQuoted(Node node) {
    ScalarStyle style = ((ScalarNode) node).getScalarStyle();
    return style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED;
  }

  static String kind(Node node) {
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
