package io.github.dockereventsreactor.ruletest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one text of a value that expected and actual are compared by: JSON with sorted keys, indented
 * one member a line (so a diff points at the field), for bodies and standard input that are JSON;
 * the text as it is otherwise.
 */
final class Canonical {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One member or item a line, arrays too: a diff then points at the one that differs. */
  private static final ObjectWriter PRETTY =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private Canonical() {}

  /** A text that is a JSON object or array as canonical JSON; any other text as it is. */
  static String body(String text) {
    String trimmed = text.strip();
    if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
      return text;
    }
    try {
      return json(JSON.readTree(trimmed));
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  /** The tree as canonical JSON: keys sorted at every level. */
  static String json(JsonNode tree) {
    try {
      return PRETTY.writeValueAsString(sorted(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Strings as a JSON array, one a line: an argv. */
  static String strings(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return json(array);
  }

  /** A map as a compact JSON object with sorted keys: an environment. */
  static String map(Map<String, String> values) {
    ObjectNode object = JSON.createObjectNode();
    new TreeMap<>(values).forEach(object::put);
    return object.toString();
  }

  /** Milliseconds after the case's start, as the report shows them. */
  static String at(long nanos) {
    return "+" + java.math.BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      TreeMap<String, JsonNode> members = new TreeMap<>();
      node.properties().forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
      members.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
