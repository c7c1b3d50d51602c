package io.github.dockereventsreactor.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A rules file's text turned into YAML nodes within limits a hostile or broken file cannot pass: at
 * most 1 MiB, nesting at most 50 levels, no key twice in a mapping. Every refusal is an {@link
 * InvalidRulesException} with a position, never an error of the JVM: the composer recurses once per
 * level (a 10,000-deep file overflowed the stack) and a big file cost some 600 times its size in
 * heap, so both are checked before composing, on the parser's events, which need no recursion.
 */
final class YamlDocument {

  /** The largest rules file read: real ones are a few KiB. */
  static final int MAX_BYTES = 1024 * 1024;

  /** The deepest nesting of mappings and lists: real rules use five or six. */
  static final int MAX_DEPTH = 50;

  private YamlDocument() {}

  /** Reads the file, refusing it by its size before reading it, then {@link #compose}. */
  static Optional<Node> read(Path path) throws IOException, InvalidRulesException {
    String file = path.toString();
    long size = Files.size(path);
    if (size > MAX_BYTES) {
      throw tooBig(file, size);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      // Bounded again: the file may grow between the size and the read.
      bytes = in.readNBytes(MAX_BYTES + 1);
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
  static Optional<Node> compose(String file, String text) throws InvalidRulesException {
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

  /** Depth and duplicate keys, from the events; stops at the first level too deep. */
  private static List<Problem> shape(String file, Iterable<Event> events) {
    List<Problem> problems = new ArrayList<>();
    Deque<Level> open = new ArrayDeque<>();
    for (Event event : events) {
      switch (event.getEventId()) {
        case Scalar, Alias -> {
          if (!open.isEmpty()) {
            open.peek().node(event).ifPresent(m -> problems.add(problem(file, event, m)));
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
          open.push(new Level(event.getEventId() == Event.ID.MappingStart));
        }
        case MappingEnd, SequenceEnd -> open.pop();
        default -> {}
      }
    }
    return problems;
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

  private static InvalidRulesException invalid(String file, Mark mark, String message) {
    return new InvalidRulesException(
        List.of(
            new Problem(
                file,
                mark == null ? 1 : mark.getLine() + 1,
                mark == null ? 1 : mark.getColumn() + 1,
                null,
                message)));
  }

  /** An open mapping or list: for a mapping, whether a key comes next and the keys seen. */
  private static final class Level {
    private final boolean mapping;
    private final Map<String, Mark> keys = new HashMap<>();
    private boolean atKey = true;

    Level(boolean mapping) {
      this.mapping = mapping;
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
