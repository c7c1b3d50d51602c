package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockereventsreactor.template.ContainerDocument;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A container's raw inspect JSON, read by dotted paths whose keys may themselves hold dots. */
final class InspectDocument implements ContainerDocument {

  private final JsonNode root;

  InspectDocument(JsonNode root) {
    this.root = root;
  }

  @Override
  public Optional<String> field(String path) {
    if (path.isEmpty()) {
      return Optional.of(root.toString());
    }
    return at(root, path.split("\\."), 0).map(InspectDocument::text);
  }

  /**
   * The node at the path from segment {@code i}: at an object, the longest run of segments joined
   * by dots that is a key wins, so {@code Config.Labels.com.example.role} finds the label {@code
   * com.example.role}.
   */
  private static Optional<JsonNode> at(JsonNode node, String[] segments, int i) {
    if (i == segments.length) {
      return node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }
    if (node.isArray()) {
      try {
        return at(node.path(Integer.parseInt(segments[i])), segments, i + 1);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (!node.isObject()) {
      return Optional.empty();
    }
    for (int end = segments.length; end > i; end--) {
      JsonNode child = node.get(String.join(".", java.util.Arrays.copyOfRange(segments, i, end)));
      if (child != null) {
        Optional<JsonNode> found = at(child, segments, end);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  @Override
  public Optional<String> ip() {
    String direct = root.path("NetworkSettings").path("IPAddress").asText("");
    if (!direct.isEmpty()) {
      return Optional.of(direct);
    }
    Map<String, JsonNode> byName = new TreeMap<>();
    root.path("NetworkSettings")
        .path("Networks")
        .properties()
        .forEach(e -> byName.put(e.getKey(), e.getValue()));
    return byName.values().stream()
        .map(n -> n.path("IPAddress").asText(""))
        .filter(ip -> !ip.isEmpty())
        .findFirst();
  }

  @Override
  public Optional<String> ip(String network) {
    String ip =
        root.path("NetworkSettings").path("Networks").path(network).path("IPAddress").asText("");
    return ip.isEmpty() ? Optional.empty() : Optional.of(ip);
  }

  /** True when the document shows at least one IP address: worth keeping for after die. */
  boolean hasAddress() {
    return ip().isPresent();
  }
}
