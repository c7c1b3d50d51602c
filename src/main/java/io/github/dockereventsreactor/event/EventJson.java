package io.github.dockereventsreactor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Parses one event as Docker writes it, on {@code /events} or with {@code --format '{{json .}}'}. */
public final class EventJson {

  // Integral numbers stay longs: timeNano does not fit a double's 53-bit mantissa.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private EventJson() {}

  public static DockerEvent parse(String line) throws MalformedEventException {
    String text = line.strip();
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEventException("not a JSON object");
    }
    String type = text(root, "Type");
    String action = text(root, "Action");
    if (type.isEmpty() || action.isEmpty()) {
      throw new MalformedEventException("no \"Type\" or \"Action\" field");
    }
    long time = integer(root, "time");
    long timeNano = root.has("timeNano") ? integer(root, "timeNano") : time * 1_000_000_000L;
    if (!root.has("time")) {
      time = timeNano / 1_000_000_000L;
    }
    return new DockerEvent(
        type, action, text(root, "scope"), time, timeNano, actor(root), text, false, false);
  }

  /**
   * An event the engine did not send, standing for one it no longer replays; its JSON has Docker's
   * shape plus {@code "synthetic": true}, so a consumer of {@code %%payload%%} can tell.
   */
  public static DockerEvent synthetic(
      String type, String action, Actor actor, long timeNano) {
    ObjectNode root = MAPPER.createObjectNode();
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

  private static Actor actor(JsonNode root) throws MalformedEventException {
    JsonNode actor = root.path("Actor");
    if (actor.isMissingNode() || actor.isNull()) {
      return Actor.NONE;
    }
    if (!actor.isObject()) {
      throw new MalformedEventException("\"Actor\" is not an object");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attrs = actor.path("Attributes");
    if (attrs.isObject()) {
      attrs.properties().forEach(f -> attributes.put(f.getKey(), scalar(f.getValue())));
    }
    return new Actor(text(actor, "ID"), attributes);
  }

  private static String scalar(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : "";
  }

  private static long integer(JsonNode node, String field) throws MalformedEventException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new MalformedEventException("\"" + field + "\" is not a 64-bit integer: " + value);
    }
    return value.longValue();
  }
}
