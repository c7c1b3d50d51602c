package io.github.dockereventsreactor.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook's or a NATS message's body template read as JSON when its skeleton is JSON (its literal
 * text with each placeholder taken as an empty string's content inside quotes, a number outside
 * them): then each placeholder between a string's quotes is escaped as that string's content
 * ({@link Escape#JSON_STRING}), so a label holding {@code ", "channel": "#general} adds no field. A
 * placeholder outside quotes is placed as it is: {@code %%payload%%} and {@code %%batch%%} are JSON
 * themselves. A body that is not JSON (plain text, a form) is left as written.
 */
public final class JsonBody {

  /** Placeholders whose value is JSON (or a number) of its own: fit outside a string's quotes. */
  private static final Set<String> JSON_VALUES = Set.of("payload", "batch", "batch.size");

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Where each placeholder of a template lands: inside a JSON string's quotes or not. */
  private record Shape(String skeleton, List<Boolean> inString) {}

  private JsonBody() {}

  /**
   * The template with the placeholders inside JSON strings escaped as string content, when its
   * skeleton is JSON; else the template as it is.
   */
  public static Template escaped(Template body) {
    if (body.placeholders().isEmpty()) {
      return body;
    }
    Shape shape = shape(body);
    if (parseError(shape.skeleton).isPresent()) {
      return body;
    }
    List<Segment> segments = new ArrayList<>();
    int slot = 0;
    for (Segment segment : body.segments()) {
      if (segment.asPlaceholder().isPresent()) {
        segments.add(shape.inString.get(slot++) ? segment.escaped(Escape.JSON_STRING) : segment);
      } else {
        segments.add(segment);
      }
    }
    return new Template(body.source(), segments);
  }

  /**
   * Why a body that looks like JSON (it begins with '{' or '[') and has placeholders is not JSON,
   * so its placeholders go in unescaped: the parser's message. Empty for a JSON body or one that
   * does not look like JSON.
   */
  public static Optional<String> looksLikeJsonButIsNot(Template body) {
    String text = body.source().strip();
    if (body.placeholders().isEmpty() || !(text.startsWith("{") || text.startsWith("["))) {
      return Optional.empty();
    }
    return parseError(shape(body).skeleton);
  }

  /**
   * The placeholders of a JSON body placed outside a string's quotes whose values are not JSON of
   * their own: a value there is JSON syntax, so a label could add fields.
   */
  public static List<Placeholder> rawOutsideStrings(Template body) {
    if (body.placeholders().isEmpty()) {
      return List.of();
    }
    Shape shape = shape(body);
    if (parseError(shape.skeleton).isPresent()) {
      return List.of();
    }
    List<Placeholder> raw = new ArrayList<>();
    List<Placeholder> placeholders = body.placeholders();
    for (int i = 0; i < placeholders.size(); i++) {
      Placeholder placeholder = placeholders.get(i);
      if (!shape.inString.get(i) && !JSON_VALUES.contains(placeholder.name())) {
        raw.add(placeholder);
      }
    }
    return raw;
  }

  /**
   * The skeleton and, for each placeholder, whether the literal text before it left a string open.
   * Only a string's quotes and a backslash's escape matter to that.
   */
  private static Shape shape(Template body) {
    StringBuilder skeleton = new StringBuilder(body.source().length());
    List<Boolean> inString = new ArrayList<>();
    boolean string = false;
    boolean escape = false;
    for (Segment segment : body.segments()) {
      if (segment.asPlaceholder().isPresent()) {
        // A value after a backslash would have its first character escaped by the literal's.
        inString.add(string);
        skeleton.append(string ? "" : "0");
        escape = false;
        continue;
      }
      String text = segment.textOr("");
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (escape) {
          escape = false;
        } else if (string && c == '\\') {
          escape = true;
        } else if (c == '"') {
          string = !string;
        }
      }
      skeleton.append(text);
    }
    return new Shape(skeleton.toString(), inString);
  }

  /** Why the text is not one JSON value, or empty when it is. */
  private static Optional<String> parseError(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return Optional.of("it is empty");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return Optional.of("more follows the first JSON value");
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.of(e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
