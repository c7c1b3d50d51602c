package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.EventField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code reactor:} block beside the rules into {@link Settings}: the engine or engines,
 * the state file and journal, metrics, NATS, the largest event.
 */
final class SettingsReader {

  private static final String SETTINGS_KEYS =
      "docker_host, state_file, metrics, max_event_bytes, nats, tls, payload, journal, engines";
  private static final String ENGINE_KEYS = "name, host, tls";
  // An engine's name goes into file names (its journal) and metric labels.
  private static final Pattern ENGINE_HOST =
      Pattern.compile("unix:///\\S+|tcp://(\\[[0-9a-fA-F:.]+\\]|[^/:\\s\\[\\]]+):[0-9]{1,5}/?");
  private static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final String JOURNAL_KEYS = "path, fsync, max_bytes";
  private static final String METRICS_KEYS = "listen, labels, health_status_detail, max_series";

  private final Nodes nodes;
  private final ActionReader actions;

  SettingsReader(Nodes nodes, ActionReader actions) {
    this.nodes = nodes;
    this.actions = actions;
  }

  Settings settings(Node node) {
    Optional<String> dockerHost = Optional.empty();
    Optional<String> stateFile = Optional.empty();
    MetricsSettings metrics = MetricsSettings.DEFAULTS;
    NatsSettings nats = NatsSettings.DEFAULTS;
    int maxEventBytes = Settings.DEFAULT_MAX_EVENT_BYTES;
    EngineSettings engine = EngineSettings.DEFAULTS;
    EngineSettingsReader engineReader = new EngineSettingsReader(nodes);
    JournalSettings journal = JournalSettings.DEFAULTS;
    List<NamedEngine> engines = List.of();
    Map<String, Node> singleEngine = new LinkedHashMap<>();
    for (NodeTuple field : nodes.mapping(node, "reactor")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("docker_host".equals(key) || "tls".equals(key)) {
        singleEngine.put(key, field.getKeyNode());
      }
      if ("engines".equals(key)) {
        engines = engines(field.getValueNode(), engineReader);
      } else if ("docker_host".equals(key)) {
        dockerHost =
            Optional.ofNullable(nodes.scalar(field.getValueNode(), "a string for docker_host"));
      } else if ("state_file".equals(key)) {
        stateFile =
            Optional.ofNullable(nodes.scalar(field.getValueNode(), "a path for state_file"));
      } else if ("metrics".equals(key)) {
        metrics = metricsSettings(field.getValueNode());
      } else if ("nats".equals(key)) {
        nats = actions.natsSettings(field.getValueNode());
      } else if ("max_event_bytes".equals(key)) {
        maxEventBytes =
            nodes
                .count(field.getValueNode(), "max_event_bytes", 4096, Integer.MAX_VALUE - 64)
                .orElse(maxEventBytes);
      } else if ("tls".equals(key)) {
        engine = engineReader.tls(field.getValueNode(), engine);
      } else if ("payload".equals(key)) {
        engine = engineReader.payload(field.getValueNode(), engine);
      } else if ("journal".equals(key)) {
        journal = journalSettings(field.getValueNode());
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, SETTINGS_KEYS);
      }
    }
    if (!engines.isEmpty()) {
      singleEngine.forEach(
          (key, keyNode) ->
              nodes.problem(
                  keyNode,
                  key
                      + ": not with engines:, which says each engine's host and tls (the list is"
                      + " the whole truth: move this into an entry)"));
    }
    return new Settings(
        dockerHost, stateFile, metrics, maxEventBytes, nats, engine, journal, engines);
  }

  /** {@code engines: [{name: docker, host: unix:///var/run/docker.sock, tls: {…}}, …]}. */
  private List<NamedEngine> engines(Node node, EngineSettingsReader engineReader) {
    List<NamedEngine> engines = new ArrayList<>();
    if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
      nodes.problem(
          node,
          "engines: expected a list of {name, host}, as [{name: docker, host:"
              + " unix:///var/run/docker.sock}]");
      return engines;
    }
    for (Node item : list.getValue()) {
      String name = null;
      String host = null;
      Optional<String> tls = Optional.empty();
      int before = nodes.problems().size();
      for (NodeTuple field : nodes.mapping(item, "an engine")) {
        String key = nodes.scalar(field.getKeyNode(), "a key");
        Node value = field.getValueNode();
        if ("name".equals(key)) {
          name = engineName(value, engines);
        } else if ("host".equals(key)) {
          host = engineHost(value);
        } else if ("tls".equals(key)) {
          tls = engineReader.tls(value, EngineSettings.DEFAULTS).tlsCertPath();
        } else if (key != null) {
          nodes.unknownKey(field.getKeyNode(), key, ENGINE_KEYS);
        }
      }
      if (nodes.problems().size() > before) {
        continue;
      }
      if (name == null || host == null) {
        nodes.problem(item, "engines: each engine needs a name and a host");
      } else {
        engines.add(new NamedEngine(name, host, tls));
      }
    }
    return engines;
  }

  private @Nullable String engineHost(Node node) {
    String host = nodes.scalar(node, "unix:///path or tcp://host:port for host");
    if (host != null && !ENGINE_HOST.matcher(host).matches()) {
      nodes.problem(
          node,
          "engines: host \""
              + host
              + "\" is not unix:///path/to/socket or tcp://host:port (an ssh:// engine: forward its"
              + " socket and give the forwarded one)");
      return null;
    }
    return host;
  }

  private @Nullable String engineName(Node node, List<NamedEngine> earlier) {
    String name = nodes.scalar(node, "a name for the engine");
    if (name == null) {
      return null;
    }
    if (!ENGINE_NAME.matcher(name).matches()) {
      nodes.problem(
          node,
          "engines: \""
              + name
              + "\" is not an engine name (letters, digits, _ . -, at most 63, a letter or digit"
              + " first)");
      return null;
    }
    if (earlier.stream().anyMatch(e -> e.name().equals(name))) {
      nodes.problem(node, "engines: \"" + name + "\" is named twice");
      return null;
    }
    return name;
  }

  private JournalSettings journalSettings(Node node) {
    JournalSettings journal = JournalSettings.DEFAULTS;
    Optional<String> path = journal.path();
    JournalSettings.Fsync fsync = journal.fsync();
    long maxBytes = journal.maxBytes();
    for (NodeTuple field : nodes.mapping(node, "journal")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("path".equals(key)) {
        path = Optional.ofNullable(nodes.scalar(value, "a directory for journal.path"));
      } else if ("fsync".equals(key)) {
        fsync = fsync(value).orElse(fsync);
      } else if ("max_bytes".equals(key)) {
        maxBytes = maxBytes(value).orElse(maxBytes);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, JOURNAL_KEYS);
      }
    }
    return new JournalSettings(path, fsync, maxBytes);
  }

  private Optional<JournalSettings.Fsync> fsync(Node node) {
    String text = nodes.scalar(node, "always, batch or never for fsync");
    for (JournalSettings.Fsync policy : JournalSettings.Fsync.values()) {
      if (policy.text().equals(text)) {
        return Optional.of(policy);
      }
    }
    if (text != null) {
      nodes.problem(node, "fsync: expected always, batch or never, found \"" + text + "\"");
    }
    return Optional.empty();
  }

  // Below a megabyte the journal could not hold one burst of the engine's events.
  private Optional<Long> maxBytes(Node node) {
    String text = nodes.scalar(node, "a size for max_bytes");
    if (text == null) {
      return Optional.empty();
    }
    try {
      long bytes = ByteSize.parse(text);
      if (bytes >= 1L << 20) {
        return Optional.of(bytes);
      }
      nodes.problem(node, "max_bytes: at least 1MiB, found \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      nodes.problem(node, "max_bytes: " + e.getMessage());
    }
    return Optional.empty();
  }

  private MetricsSettings metricsSettings(Node node) {
    MetricsSettings defaults = MetricsSettings.DEFAULTS;
    Optional<String> listen = defaults.listen();
    List<String> labels = new ArrayList<>();
    boolean detail = defaults.healthStatusDetail();
    int maxSeries = defaults.maxSeries();
    for (NodeTuple field : nodes.mapping(node, "metrics")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "listen" ->
            listen = Optional.ofNullable(nodes.scalar(value, "HOST:PORT or PORT for listen"));
        case "labels" -> labels = attributeLabels(value);
        case "health_status_detail" ->
            detail = nodes.flag(value, "health_status_detail").orElse(detail);
        case "max_series" ->
            maxSeries = nodes.count(value, "max_series", 1, 1_000_000).orElse(maxSeries);
        default -> nodes.unknownKey(field.getKeyNode(), key, METRICS_KEYS);
      }
    }
    return new MetricsSettings(listen, labels, detail, maxSeries);
  }

  private List<String> attributeLabels(Node node) {
    List<String> labels = new ArrayList<>();
    if (!(node instanceof SequenceNode sequenceNode)) {
      nodes.problem(
          node, "labels: expected a list such as [actor.name, actor.com.docker.compose.service]");
      return labels;
    }
    for (Node item : sequenceNode.getValue()) {
      String name = nodes.scalar(item, "an event field for labels");
      if (name != null
          && (name.equals("actor.id")
              || !name.startsWith("actor.")
              || EventField.named(name).isEmpty())) {
        nodes.problem(
            item, "labels: \"" + name + "\" is not an actor attribute such as actor.name");
      } else if (name != null) {
        labels.add(name);
      }
    }
    return labels;
  }
}
