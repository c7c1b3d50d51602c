package io.github.dockereventsreactor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A rules file's YAML nodes by path, for messages about a file the loader accepted ({@code check}'s
 * warnings): where a value is written, and every string under a node. A path holds mapping keys
 * ({@code String}) and list indices ({@code Integer}); index 0 of a mapping is the mapping itself,
 * so {@code event: {…}} and {@code event: [{…}]} read alike.
 */
public final class RulesSource {

  private final String file;
  private final Optional<Node> root;

  private RulesSource(String file, Optional<Node> root) {
    this.file = file;
    this.root = root;
  }

  /** The file's nodes; a file that is not YAML has none (the loader reports why). */
  public static RulesSource parse(String file, String text) {
    try {
      return new RulesSource(
          file, new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text));
    } catch (YamlEngineException e) {
      return new RulesSource(file, Optional.empty());
    }
  }

  /** Where a rule's values live: {@code events_reactor → NAME → path}. */
  public static Object[] inRule(String rule, Object... path) {
    Object[] full = new Object[path.length + 2];
    full[0] = "events_reactor";
    full[1] = rule;
    System.arraycopy(path, 0, full, 2, path.length);
    return full;
  }

  public String file() {
    return file;
  }

  /** Where a line and column count from 1; {@code quoted}: the text starts one column later. */
  public record Position(int line, int column, boolean quoted) {
    /** The position of a character of a one-line string, counted from its first. */
    public Position at(int offset) {
      return new Position(line, column + (quoted ? 1 : 0) + offset, false);
    }
  }

  /** One string value and where it is written. */
  public record Text(List<Object> path, String text, Position position) {
    public Text {
      path = List.copyOf(path);
    }
  }

  /** The position of the value at the path. */
  public Optional<Position> value(Object... path) {
    return node(path).map(RulesSource::position);
  }

  /** The position of the key of the mapping entry at the path. */
  public Optional<Position> key(Object... path) {
    if (path.length == 0) {
      return Optional.empty();
    }
    Object[] parent = java.util.Arrays.copyOf(path, path.length - 1);
    return node(parent)
        .flatMap(n -> entry(n, path[path.length - 1]))
        .map(t -> position(t.getKeyNode()));
  }

  /**
   * How many items the value at the path holds as a list: a list's size, 1 otherwise, 0 if absent.
   */
  public int count(Object... path) {
    return node(path)
        .map(n -> n instanceof SequenceNode sequenceNode ? sequenceNode.getValue().size() : 1)
        .orElse(0);
  }

  /**
   * Every string value at or under the path (not the keys), in file order, paths relative to it.
   */
  public List<Text> texts(Object... path) {
    List<Text> texts = new ArrayList<>();
    node(path).ifPresent(n -> collect(n, new ArrayList<>(), texts));
    return texts;
  }

  private static void collect(Node node, List<Object> path, List<Text> into) {
    if (node instanceof ScalarNode scalarNode) {
      into.add(new Text(path, scalarNode.getValue(), position(node)));
    } else if (node instanceof SequenceNode sequenceNode) {
      List<Node> items = sequenceNode.getValue();
      for (int i = 0; i < items.size(); i++) {
        path.add(i);
        collect(items.get(i), path, into);
        path.remove(path.size() - 1);
      }
    } else if (node instanceof MappingNode mappingNode) {
      for (NodeTuple entry : mappingNode.getValue()) {
        if (entry.getKeyNode() instanceof ScalarNode) {
          path.add(((ScalarNode) entry.getKeyNode()).getValue());
          collect(entry.getValueNode(), path, into);
          path.remove(path.size() - 1);
        }
      }
    }
  }

  private Optional<Node> node(Object... path) {
    Optional<Node> node = root;
    for (Object step : path) {
      node = node.flatMap(n -> child(n, step));
    }
    return node;
  }

  private static Optional<Node> child(Node node, Object step) {
    if (step instanceof Integer i) {
      int index = i;
      if (node instanceof SequenceNode sequenceNode) {
        List<Node> items = sequenceNode.getValue();
        return index < items.size() ? Optional.of(items.get(index)) : Optional.empty();
      }
      return index == 0 ? Optional.of(node) : Optional.empty();
    }
    return entry(node, step).map(NodeTuple::getValueNode);
  }

  private static Optional<NodeTuple> entry(Node node, Object key) {
    if (!(node instanceof MappingNode mappingNode)) {
      return Optional.empty();
    }
    return mappingNode.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode)
        .filter(t -> ((ScalarNode) t.getKeyNode()).getValue().equals(key))
        .findFirst();
  }

  private static Position position(Node node) {
    boolean quoted =
        node instanceof ScalarNode scalarNode
            && (scalarNode.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED
                || scalarNode.getScalarStyle() == ScalarStyle.SINGLE_QUOTED);
    return node.getStartMark()
        .map(m -> new Position(m.getLine() + 1, m.getColumn() + 1, quoted))
        .orElse(new Position(1, 1, false));
  }
}
