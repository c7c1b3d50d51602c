package io.github.dockereventsreactor.rules;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads {@code reactor.tls} and {@code reactor.payload} into {@link EngineSettings}. */
final class EngineSettingsReader {

  private final Nodes nodes;

  EngineSettingsReader(Nodes nodes) {
    this.nodes = nodes;
  }

  EngineSettings tls(Node node, EngineSettings settings) {
    Optional<String> certPath = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "tls")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("cert_path".equals(key)) {
        certPath =
            Optional.ofNullable(nodes.scalar(field.getValueNode(), "a directory for cert_path"));
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "cert_path");
      }
    }
    return settings.withTls(certPath);
  }

  EngineSettings payload(Node node, EngineSettings settings) {
    boolean legacy = settings.legacyPayloadFields();
    for (NodeTuple field : nodes.mapping(node, "payload")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("legacy_fields".equals(key)) {
        legacy = nodes.flag(field.getValueNode(), "legacy_fields").orElse(legacy);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "legacy_fields");
      }
    }
    return settings.withLegacyPayloadFields(legacy);
  }
}
