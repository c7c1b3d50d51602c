package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a rule's actions: {@code run:} with {@code env}, {@code cwd}, {@code stdin}; {@code webhook:}. */
final class ActionReader {

  private static final String WEBHOOK_KEYS = "url, method, headers, body, timeout, retries";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final Nodes nodes;

  ActionReader(Nodes nodes) {
    this.nodes = nodes;
  }

  Optional<Action.Exec> exec(Node run, Node env, Node cwd, Node stdin) {
    List<Template> argv = command(run);
    Map<String, Template> environment = env == null ? Map.of() : templates(env, "env");
    Optional<String> directory = cwd == null ? Optional.empty() : Optional.ofNullable(nodes.scalar(cwd, "a directory for cwd"));
    boolean payload = false;
    if (stdin != null) {
      String what = nodes.scalar(stdin, "payload for stdin");
      if ("payload".equals(what)) {
        payload = true;
      } else if (what != null) {
        nodes.problem(stdin, "stdin: the only value is payload (the event's JSON), found \"" + what + "\"");
      }
    }
    return argv.isEmpty() ? Optional.empty() : Optional.of(new Action.Exec(argv, environment, directory, payload));
  }

  private List<Template> command(Node node) {
    if (!(node instanceof SequenceNode) || ((SequenceNode) node).getValue().isEmpty()) {
      nodes.problem(node, "run: expected a non-empty list of strings (the command's argv)");
      return List.of();
    }
    List<Template> argv = new ArrayList<>();
    for (Node item : ((SequenceNode) node).getValue()) {
      nodes.template(item, "a string in run").ifPresent(argv::add);
    }
    return argv.size() == ((SequenceNode) node).getValue().size() ? argv : List.of();
  }

  Map<String, Template> templates(Node node, String what) {
    Map<String, Template> templates = new LinkedHashMap<>();
    for (NodeTuple entry : nodes.mapping(node, what)) {
      String name = nodes.scalar(entry.getKeyNode(), "a name in " + what);
      nodes.template(entry.getValueNode(), "a string for " + name).ifPresent(t -> templates.put(name, t));
    }
    return templates;
  }

  Optional<Action.Webhook> webhook(Node node) {
    int before = nodes.problems().size();
    Template url = null;
    String method = "POST";
    Map<String, Template> headers = Map.of();
    Optional<Template> body = Optional.empty();
    Duration timeout = Duration.ofSeconds(10);
    int retries = 3;
    for (NodeTuple field : nodes.mapping(node, "webhook")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "url":
          url = nodes.template(value, "a URL").orElse(null);
          if (url != null && !isHttpUrl(url.source())) {
            nodes.problem(value, "webhook url: expected an http:// or https:// URL, found \"" + url.source() + "\"");
          }
          break;
        case "method":
          String m = nodes.scalar(value, "an HTTP method");
          if (m != null && !METHODS.contains(m)) {
            nodes.problem(value, "webhook method: expected one of GET, POST, PUT, PATCH, DELETE, found \"" + m + "\"");
          }
          method = m == null ? method : m;
          break;
        case "headers":
          headers = templates(value, "headers");
          break;
        case "body":
          body = nodes.template(value, "a body template");
          break;
        case "timeout":
          timeout = nodes.duration(value, "timeout").orElse(timeout);
          break;
        case "retries":
          retries = nodes.count(value, "retries", 0, 20).orElse(retries);
          break;
        default:
          nodes.unknownKey(field.getKeyNode(), key, WEBHOOK_KEYS);
      }
    }
    if (url == null && nodes.problems().size() == before) {
      nodes.problem(node, "webhook: needs a url");
    }
    return nodes.problems().size() == before
        ? Optional.of(new Action.Webhook(url, method, headers, body, timeout, retries))
        : Optional.empty();
  }

  private static boolean isHttpUrl(String text) {
    if (text.contains("%%")) {
      return true;
    }
    try {
      URI uri = URI.create(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
