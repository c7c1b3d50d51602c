package io.github.dockereventsreactor.rules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A rules file's text turned into YAML nodes within limits a hostile or broken file cannot pass: at
 * most 1 MiB, nesting at most 50 levels, no key twice in a mapping, aliases that neither loop nor
 * repeat more than 100,000 nodes. Every refusal is an {@link InvalidRulesException} with a
 * position, never an error of the JVM: the composer recurses once per level (a deep enough file
 * overflows the stack) and a big file costs many times its size in heap, so both are checked before
 * composing, on the parser's events, which need no recursion.
 */
public final class YamlDocument {

  /** The largest rules file read: real ones are a few KiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** The deepest nesting of mappings and lists: real rules use five or six. */
  static final int MAX_DEPTH = 50;

  /** The nodes aliases may repeat, all together: real rules reuse a command or a block or two. */
  static final int MAX_ALIASED_NODES = 100_000;

  private YamlDocument() {}

  /**
   * Reads the file, refusing it by its type and size before reading it, then {@link #compose}. A
   * FIFO is refused without waiting (see {@link RegularFile}): opening one blocks until a writer
   * comes, for good if none does (a reload, a start or {@code check} hung, saying nothing).
   */
  public static Optional<Node> read(Path path) throws IOException, InvalidRulesException {
    String file = path.toString();
    byte[] bytes;
    try (FileChannel channel = RegularFile.open(path, "the rules file", StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_BYTES) {
        throw tooBig(file, size);
      }
      // Bounded again: the file may grow between the size and the read.
      bytes = Channels.newInputStream(channel).readNBytes(MAX_BYTES + 1);
    } catch (RegularFile.NotRegular e) {
      // Said after the file's name by every caller.
      throw new IOException(
          e.type().equals("a directory")
              ? "a directory, not a file"
              : "not a regular file (a FIFO, a device or a socket)");
    }
    if (bytes.length > MAX_BYTES) {
      throw tooBig(file, bytes.length);
    }
    try {
      return compose(
          file, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      throw invalid(file, null, "the file is not UTF-8 text");
    }
  }

  /** The text's one document, or every limit it breaks; empty for an empty document. */
  public static Optional<Node> compose(String file, String text) throws InvalidRulesException {
    if ((long) text.length() * 3 > MAX_BYTES) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_BYTES) {
        throw tooBig(file, bytes);
      }
    }
    LoadSettings settings = LoadSettings.builder().setLabel(file).build();
    try {
      List<Problem> problems = shape(file, new Parse(settings).parseString(text));
      if (!problems.isEmpty()) {
        throw new InvalidRulesException(problems);
      }
      return new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw invalid(file, e.getProblemMark().or(e::getContextMark).orElse(null), syntax(e));
    } catch (YamlEngineException e) {
      throw invalid(file, null, "YAML syntax error: " + e.getMessage());
    }
  }

  /**
   * The parser's message, and where the construct it was reading began: it gives up where the input
   * ends, which for an unclosed bracket may be lines after the bracket.
   */
  private static String syntax(MarkedYamlEngineException e) {
    String message = "YAML syntax error: " + e.getProblem();
    Optional<Mark> context = e.getContextMark();
    if (e.getContext() == null || context.isEmpty()) {
      return message;
    }
    String construct = e.getContext().replaceFirst("^while (parsing|scanning) (an? )?", "");
    return message
        + " ("
        + construct
        + " started at "
        + (context.get().getLine() + 1)
        + ":"
        + (context.get().getColumn() + 1)
        + ")";
  }

  /**
   * Depth, duplicate keys and aliases, from the events; stops at the first level too deep. An alias
   * is read as a copy of what it names, so it counts as that: its nesting adds to the depth, its
   * nodes to a budget (three aliases of three aliases of … of a list grow the rules as a power of
   * three: the loader's copies would take the heap), and an alias inside what it names (a loop,
   * which the loader would follow until the stack overflowed) is refused.
   */
  private static List<Problem> shape(String file, Iterable<Event> events) {
    List<Problem> problems = new ArrayList<>();
    Deque<Level> open = new ArrayDeque<>();
    Map<String, Level> anchors = new HashMap<>();
    long aliased = 0;
    for (Event event : events) {
      tag(event).ifPresent(t -> problems.add(problem(file, event, t)));
      switch (event.getEventId()) {
        case Scalar -> {
          Level scalar = Level.scalar();
          anchor(event).ifPresent(name -> anchors.put(name, scalar));
          if (!open.isEmpty()) {
            open.peek().node(event).ifPresent(m -> problems.add(problem(file, event, m)));
            open.peek().holds(scalar);
          }
        }
        case Alias -> {
          String name = ((AliasEvent) event).getAlias().getValue();
          Level target = anchors.get(name);
          if (target != null && !target.closed) {
            problems.add(
                problem(
                    file,
                    event,
                    "alias *"
                        + name
                        + " is inside the mapping or list it names: it would repeat without end"));
            return problems;
          }
          if (target != null) {
            aliased += target.nodes;
            if (open.size() + target.height > MAX_DEPTH) {
              problems.add(
                  problem(
                      file,
                      event,
                      "nested deeper than "
                          + MAX_DEPTH
                          + " levels of mappings and lists (with what alias *"
                          + name
                          + " repeats)"));
              return problems;
            }
            if (aliased > MAX_ALIASED_NODES) {
              problems.add(
                  problem(
                      file,
                      event,
                      "aliases repeat more than "
                          + MAX_ALIASED_NODES
                          + " values, mappings and lists in all (at alias *"
                          + name
                          + ")"));
              return problems;
            }
          }
          if (!open.isEmpty()) {
            open.peek().node(event);
            if (target != null) {
              open.peek().holds(target);
            }
          }
        }
        case MappingStart, SequenceStart -> {
          if (!open.isEmpty()) {
            open.peek().node(event);
          }
          if (open.size() == MAX_DEPTH) {
            problems.add(
                problem(
                    file,
                    event,
                    "nested deeper than " + MAX_DEPTH + " levels of mappings and lists"));
            return problems;
          }
          Level level = new Level(event.getEventId() == Event.ID.MappingStart);
          anchor(event).ifPresent(name -> anchors.put(name, level));
          open.push(level);
        }
        case MappingEnd, SequenceEnd -> {
          Level done = open.pop();
          done.closed = true;
          if (!open.isEmpty()) {
            open.peek().holds(done);
          }
        }
        default -> {}
      }
    }
    return problems;
  }

  /**
   * A tag written in the file ({@code !!binary}, {@code !!python/object/apply:…}, {@code !custom}):
   * the loader would drop it and read the value as plain text, so a file written for another loader
   * would mean something else here without a word.
   */
  private static Optional<String> tag(Event event) {
    Optional<String> tag =
        event instanceof ScalarEvent scalar
            ? scalar.getTag()
            : event instanceof CollectionStartEvent collection
                ? collection.getTag()
                : Optional.empty();
    return tag.map(
        t ->
            "the YAML tag "
                + t.replaceFirst("^tag:yaml\\.org,2002:", "!!")
                + " is not read here: rules files hold plain strings, numbers, booleans, lists and"
                + " mappings; remove the tag");
  }

  private static Optional<String> anchor(Event event) {
    if (event instanceof NodeEvent node) {
      return node.getAnchor().map(Anchor::getValue);
    }
    return Optional.empty();
  }

  private static Problem problem(String file, Event event, String message) {
    Optional<Mark> mark = event.getStartMark();
    return new Problem(
        file,
        mark.map(m -> m.getLine() + 1).orElse(1),
        mark.map(m -> m.getColumn() + 1).orElse(1),
        null,
        message);
  }

  private static InvalidRulesException tooBig(String file, long bytes) {
    return invalid(
        file,
        null,
        "the file is "
            + bytes
            + " bytes; a rules file may be at most "
            + MAX_BYTES
            + " bytes (1 MiB), so it was not read");
  }

  private static InvalidRulesException invalid(String file, @Nullable Mark mark, String message) {
    return new InvalidRulesException(
        List.of(
            new Problem(
                file,
                mark == null ? 1 : mark.getLine() + 1,
                mark == null ? 1 : mark.getColumn() + 1,
                null,
                message)));
  }

  /**
   * A mapping or list, open or read (or a scalar, for what an alias of it weighs): for a mapping,
   * whether a key comes next and the keys seen; the nodes it holds, itself included, and its levels
   * of mappings and lists, with what its aliases repeat.
   */
  private static final class Level {
    private final boolean mapping;
    private final Map<String, Mark> keys = new HashMap<>();
    private boolean atKey = true;
    private boolean closed;
    private long nodes = 1;
    private int height;

    Level(boolean mapping) {
      this.mapping = mapping;
      this.height = 1;
    }

    private Level() {
      this.mapping = false;
      this.closed = true;
    }

    static Level scalar() {
      return new Level();
    }

    /** A node of this level, read: what it weighs adds to this one's. */
    void holds(Level child) {
      nodes += child.nodes;
      height = Math.max(height, child.height + 1);
    }

    /** A node in this level; for a scalar key seen before, the problem with both positions. */
    Optional<String> node(Event event) {
      if (!mapping) {
        return Optional.empty();
      }
      boolean key = atKey;
      atKey = !atKey;
      if (!key || !(event instanceof ScalarEvent scalarEvent) || event.getStartMark().isEmpty()) {
        return Optional.empty();
      }
      String text = scalarEvent.getValue();
      Mark first = keys.putIfAbsent(text, event.getStartMark().get());
      return first == null
          ? Optional.empty()
          : Optional.of(
              "duplicate key \""
                  + text
                  + "\": also at line "
                  + (first.getLine() + 1)
                  + ":"
                  + (first.getColumn() + 1)
                  + " of the same mapping; a key may appear once");
    }
  }
}
