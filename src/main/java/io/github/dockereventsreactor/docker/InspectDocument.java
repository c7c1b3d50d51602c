package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.template.ContainerDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A container's raw inspect JSON, read by dotted paths whose keys may themselves hold dots. The
 * text is kept as the engine sent it and made a tree only when a placeholder first reads it: the
 * documents of the containers that exist at start are fetched whether or not a rule reads them, and
 * a tree would load Jackson's data binding into every idle reactor.
 */
public final class InspectDocument implements ContainerDocument {

  private final String text;
  private final boolean hasAddress;
  // Made once; two threads that race make the same tree.
  private volatile @Nullable JsonNode root;

  /**
   * The document of this text.
   *
   * @throws IOException when the text is not JSON
   */
  public InspectDocument(String text) throws IOException {
    this.text = text;
    this.hasAddress = EngineAnswers.hasAddress(text);
  }

  private JsonNode root() {
    JsonNode tree = root;
    if (tree == null) {
      try {
        tree = Trees.JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      root = tree;
    }
    return tree;
  }

  /** Data binding loaded with the first tree, not with the first document. */
  private static final class Trees {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  @Override
  public Optional<String> field(String path) {
    if (path.isEmpty()) {
      return Optional.of(root().toString());
    }
    return at(root(), path.split("\\."), 0).map(InspectDocument::text);
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
    JsonNode root = root();
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
        root().path("NetworkSettings").path("Networks").path(network).path("IPAddress").asText("");
    return ip.isEmpty() ? Optional.empty() : Optional.of(ip);
  }

  /** True when the document shows at least one IP address: worth keeping for after die. */
  boolean hasAddress() {
    return hasAddress;
  }
}
