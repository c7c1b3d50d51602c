package io.github.dockereventsreactor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses one event as Docker writes it, on {@code /events} or with {@code --format '{{json .}}'}.
 */
public final class EventJson {

  /** The streaming parser's factory: what every event needs, without a mapper's start-up. */
  private static final JsonFactory FACTORY = factory();

  /** For the rare attribute that is not a string, and synthetic events: built on first use. */
  private static final class Mapper {
    // Integral numbers stay longs: timeNano does not fit a double's 53-bit mantissa.
    static final ObjectMapper MAPPER =
        new ObjectMapper(factory()).disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  }

  /**
   * A factory for an event's JSON, without Jackson's own caps on a name (50,000 characters) or a
   * string: the line is capped already ({@code reactor.max_event_bytes}), and within it a label
   * with a long key was a "malformed" event, so every event of its container went unseen.
   */
  static JsonFactory factory() {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNameLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .build())
        .build();
  }

  /**
   * The last second whose nanoseconds fit a {@code long} (year 2262): a later {@code time} would
   * overflow.
   */
  static final long MAX_TIME = Long.MAX_VALUE / 1_000_000_000L;

  private EventJson() {}

  public static DockerEvent parse(String line) throws MalformedEventException {
    String text = line.strip();
    DockerEvent plain = PlainEventReader.read(text);
    return plain != null ? plain : parseWithJackson(text);
  }

  /** Any JSON, or the error in the line's terms: what the plain reader declines comes here. */
  static DockerEvent parseWithJackson(String text) throws MalformedEventException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("not a JSON object");
      }
      String type = "";
      String action = "";
      String scope = "";
      Long time = null;
      Long timeNano = null;
      Actor actor = Actor.NONE;
      // A streaming parse: the event is read once, on the reading thread, at up to the engine's
      // rate; a tree would cost twice as much.
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "Type" -> type = scalar(parser, value);
          case "Action" -> action = scalar(parser, value);
          case "scope" -> scope = scalar(parser, value);
          case "time" -> time = integer(parser, value, field);
          case "timeNano" -> timeNano = integer(parser, value, field);
          case "Actor" -> actor = actor(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new MalformedEventException("not a single JSON object");
      }
      if (type.isEmpty() || action.isEmpty()) {
        throw new MalformedEventException("no \"Type\" or \"Action\" field");
      }
      if (time != null && (time < 0 || time > MAX_TIME)) {
        throw new MalformedEventException(
            "\"time\" is out of range (0 to " + MAX_TIME + " seconds): " + time);
      }
      if (timeNano != null && timeNano < 0) {
        throw new MalformedEventException("\"timeNano\" is negative: " + timeNano);
      }
      long nanos = timeNano != null ? timeNano : (time == null ? 0 : time) * 1_000_000_000L;
      long seconds = time != null ? time : nanos / 1_000_000_000L;
      return new DockerEvent(type, action, scope, seconds, nanos, actor, text, false, false);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEventException("unreadable: " + e.getMessage());
    }
  }

  private static Actor actor(JsonParser parser, JsonToken token)
      throws IOException, MalformedEventException {
    if (token == JsonToken.VALUE_NULL) {
      return Actor.NONE;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new MalformedEventException("\"Actor\" is not an object");
    }
    String id = "";
    Map<String, String> attributes = Map.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("ID")) {
        id = scalar(parser, value);
      } else if (field.equals("Attributes") && value == JsonToken.START_OBJECT) {
        attributes = attributes.isEmpty() ? new HashMap<>() : attributes;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          JsonToken attribute = parser.nextToken();
          attributes.put(
              key,
              attribute.isScalarValue()
                  ? parser.getText()
                  : Mapper.MAPPER.readTree(parser).toString());
        }
      } else {
        parser.skipChildren();
      }
    }
    return Actor.owning(id, attributes);
  }

  private static String scalar(JsonParser parser, JsonToken token) throws IOException {
    if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
      return parser.getText();
    }
    parser.skipChildren();
    return "";
  }

  private static @Nullable Long integer(JsonParser parser, JsonToken token, String field)
      throws IOException, MalformedEventException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new MalformedEventException(
          "\"" + field + "\" is not a 64-bit integer: " + parser.getText());
    }
    return parser.getLongValue();
  }

  /**
   * An event the engine did not send, standing for one it no longer replays; its JSON has Docker's
   * shape plus {@code "synthetic": true}, so a consumer of {@code %%payload%%} can tell.
   */
  public static DockerEvent synthetic(String type, String action, Actor actor, long timeNano) {
    ObjectNode root = Mapper.MAPPER.createObjectNode();
    root.put("Type", type);
    root.put("Action", action);
    ObjectNode actorNode = root.putObject("Actor");
    actorNode.put("ID", actor.id());
    ObjectNode attributes = actorNode.putObject("Attributes");
    new TreeMap<>(actor.attributes()).forEach(attributes::put);
    root.put("scope", "local");
    root.put("time", timeNano / 1_000_000_000L);
    root.put("timeNano", timeNano);
    root.put("synthetic", true);
    return new DockerEvent(
        type,
        action,
        "local",
        timeNano / 1_000_000_000L,
        timeNano,
        actor,
        root.toString(),
        true,
        false);
  }
}
