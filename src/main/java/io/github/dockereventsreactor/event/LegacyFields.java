package io.github.dockereventsreactor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts back the {@code status}, {@code id} and {@code from} fields Docker 29 (API 1.52) stopped
 * sending, as Docker filled them before: on container events {@code status} is the action, {@code
 * id} the actor's ID and {@code from} its image; on image events {@code status} and {@code id}.
 * Consumers written against the old payload ({@code data['status']} in a Salt reactor) keep
 * working.
 */
public final class LegacyFields {

  private static final ObjectMapper JSON = new ObjectMapper(EventJson.factory());

  private LegacyFields() {}

  /**
   * The event with the legacy fields in its JSON, first as Docker wrote them; unchanged if present.
   */
  public static DockerEvent restore(DockerEvent event) {
    boolean container = event.type().equals("container");
    if (!container && !event.type().equals("image")) {
      return event;
    }
    JsonNode original;
    try {
      original = JSON.readTree(event.json());
    } catch (JsonProcessingException e) {
      return event;
    }
    if (!original.isObject() || original.has("status")) {
      return event;
    }
    ObjectNode restored = JSON.createObjectNode();
    restored.put("status", event.engineAction());
    restored.put("id", event.actor().id());
    if (container) {
      event.actor().attribute("image").ifPresent(image -> restored.put("from", image));
    }
    // Spliced in front of the engine's text, not re-serialized: every other byte stays as sent.
    String fields = restored.toString();
    String text = event.json().strip();
    String rest = original.size() == 0 ? "}" : "," + text.substring(1);
    return event.withJson(fields.substring(0, fields.length() - 1) + rest);
  }
}
