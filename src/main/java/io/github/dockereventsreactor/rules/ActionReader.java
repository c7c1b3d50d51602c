package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Escape;
import io.github.dockereventsreactor.template.JsonBody;
import io.github.dockereventsreactor.template.Placeholder;
import io.github.dockereventsreactor.template.Segment;
import io.github.dockereventsreactor.template.Template;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a rule's actions: {@code run:} with {@code env}, {@code cwd}, {@code stdin}; {@code
 * webhook:}; {@code nats:}; {@code container:}; and the {@code reactor.nats} connection they
 * publish through.
 */
final class ActionReader {

  private static final String WEBHOOK_KEYS =
      "url, method, headers, body, timeout, retries, follow_redirects";
  private static final String NATS_KEYS = "subject, headers, body";
  private static final String CONTAINER_KEYS =
      "do, target, labels, stop_timeout, signal, command, user, env, limit";
  private static final Set<String> SIGNALS =
      Set.of(
          "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
          "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
          "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
  // Tokens of printable characters other than the separator and the wildcards.
  private static final Pattern SUBJECT = Pattern.compile("[^.*>\\s]+(\\.[^.*>\\s]+)*");
  private static final Pattern NATS_URL = Pattern.compile("(nats|tls)://[^\\s/]+(:\\d+)?/?");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final Nodes nodes;
  private boolean batched;

  ActionReader(Nodes nodes) {
    this.nodes = nodes;
  }

  Optional<Action.Exec> exec(
      Node run,
      @Nullable Node env,
      @Nullable Node cwd,
      @Nullable Node stdin,
      @Nullable Node output) {
    List<Template> argv = command(run);
    Map<String, Template> environment = env == null ? Map.of() : templates(env, "env");
    if (env != null) {
      variableNames(env);
    }
    Optional<String> directory =
        cwd == null
            ? Optional.empty()
            : Optional.ofNullable(nodes.scalar(cwd, "a directory for cwd"));
    boolean payload = false;
    if (stdin != null) {
      String what = nodes.scalar(stdin, batched ? "batch for stdin" : "payload for stdin");
      String expected = batched ? "batch" : "payload";
      if (expected.equals(what)) {
        payload = true;
      } else if (what != null) {
        nodes.problem(
            stdin,
            batched
                ? "stdin: in a rule with batch:, the only value is batch (its events as JSON lines), found \""
                    + what
                    + "\""
                : "stdin: the only value is payload (the event's JSON), found \"" + what + "\"");
      }
    }
    OutputLimits limits =
        output == null ? OutputLimits.DEFAULTS : new OutputReader(nodes).limits(output);
    return argv.isEmpty()
        ? Optional.empty()
        : Optional.of(new Action.Exec(argv, environment, directory, payload, limits));
  }

  /** A name with '=' or NUL cannot be passed: the kernel splits NAME=value at the first '='. */
  private void variableNames(Node env) {
    for (NodeTuple entry : nodes.mapping(env, "env")) {
      Node key = entry.getKeyNode();
      String name = key instanceof ScalarNode scalarNode ? scalarNode.getValue() : "";
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        nodes.problem(key, "env: \"" + name + "\" is not a variable name (no '=', no NUL)");
      }
    }
  }

  private List<Template> command(Node node) {
    return argv(node, "run");
  }

  private List<Template> argv(Node node, String what) {
    if (!(node instanceof SequenceNode sequenceNode) || sequenceNode.getValue().isEmpty()) {
      nodes.problem(node, what + ": expected a non-empty list of strings (the command's argv)");
      return List.of();
    }
    List<Template> argv = new ArrayList<>();
    for (Node item : sequenceNode.getValue()) {
      template(item, "a string in " + what).ifPresent(argv::add);
    }
    return argv.size() == sequenceNode.getValue().size() ? argv : List.of();
  }

  /**
   * Reads the actions of a rule with {@code batch:} ({@code true}) or without: a batch renders its
   * events together, so its templates take only what holds for the whole batch, and {@code
   * %%batch%%} means nothing outside one.
   */
  void batched(boolean batched) {
    this.batched = batched;
  }

  private Optional<Template> template(Node node, String what) {
    return checked(node, nodes.template(node, what));
  }

  /** The template if it fits the rule: per-event values outside a batch, batch values in one. */
  private Optional<Template> checked(Node node, Optional<Template> template) {
    if (template.isEmpty()) {
      return template;
    }
    Optional<Placeholder> misplaced =
        template.get().placeholders().stream()
            .filter(p -> batched ? p.perEvent() : p.batchOnly())
            .findFirst();
    if (misplaced.isPresent()) {
      nodes.problem(
          node,
          batched
              ? "%%"
                  + misplaced.get().name()
                  + "%% is one event's value, and a rule with batch:"
                  + " renders its events together: use %%batch%%, %%batch.size%% or %%host%%"
              : "%%" + misplaced.get().name() + "%%: only in a rule with batch:");
      return Optional.empty();
    }
    return template;
  }

  Map<String, Template> templates(Node node, String what) {
    Map<String, Template> templates = new LinkedHashMap<>();
    for (NodeTuple entry : nodes.mapping(node, what)) {
      String name = nodes.scalar(entry.getKeyNode(), "a name in " + what);
      template(entry.getValueNode(), "a string for " + name).ifPresent(t -> templates.put(name, t));
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
    Redirects redirects = Redirects.NEVER;
    for (NodeTuple field : nodes.mapping(node, "webhook")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "url" -> {
          url = checked(value, nodes.urlTemplate(value, "a URL")).orElse(null);
          if (url != null && !isHttpUrl(url)) {
            nodes.problem(
                value,
                "webhook url: expected an http:// or https:// URL, found \"" + url.source() + "\"");
          }
        }
        case "method" -> {
          String m = nodes.scalar(value, "an HTTP method");
          if (m != null && !METHODS.contains(m)) {
            nodes.problem(
                value,
                "webhook method: expected one of GET, POST, PUT, PATCH, DELETE, found \""
                    + m
                    + "\"");
          }
          method = m == null ? method : m;
        }
        case "headers" -> headers = headers(value);
        case "body" -> body = template(value, "a body template").map(JsonBody::escaped);
        case "timeout" -> timeout = nodes.duration(value, "timeout").orElse(timeout);
        case "retries" -> retries = nodes.count(value, "retries", 0, 20).orElse(retries);
        case "follow_redirects" -> redirects = redirects(value).orElse(redirects);
        default -> nodes.unknownKey(field.getKeyNode(), key, WEBHOOK_KEYS);
      }
    }
    if (url == null && nodes.problems().size() == before) {
      nodes.problem(node, "webhook: needs a url");
    }
    return url != null && nodes.problems().size() == before
        ? Optional.of(new Action.Webhook(url, method, headers, body, timeout, retries, redirects))
        : Optional.empty();
  }

  Optional<Action.Publish> nats(Node node) {
    int before = nodes.problems().size();
    Template subject = null;
    Map<String, Template> headers = Map.of();
    Optional<Template> body = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "nats")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("subject".equals(key)) {
        subject =
            template(value, "a subject").map(t -> t.escaped(Escape.SUBJECT_TOKEN)).orElse(null);
        if (subject != null && !isSubject(subject)) {
          nodes.problem(
              value,
              "nats subject: expected dot-separated tokens without spaces or wildcards, found \""
                  + subject.source()
                  + "\"");
        }
      } else if ("headers".equals(key)) {
        headers = headers(value);
      } else if ("body".equals(key)) {
        body = template(value, "a body template").map(JsonBody::escaped);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, NATS_KEYS);
      }
    }
    if (subject == null && nodes.problems().size() == before) {
      nodes.problem(node, "nats: needs a subject, such as docker.%%type%%.%%action%%");
    }
    return subject != null && nodes.problems().size() == before
        ? Optional.of(new Action.Publish(subject, headers, body))
        : Optional.empty();
  }

  Optional<Action.Container> container(Node node) {
    int before = nodes.problems().size();
    Node verbNode = null;
    ContainerVerb verb = null;
    ContainerTarget target = new ContainerTarget.EventContainer();
    Node targetNode = null;
    Optional<Duration> stopTimeout = Optional.empty();
    Node signalNode = null;
    String signal = "KILL";
    Node commandNode = null;
    List<Template> command = List.of();
    Optional<Template> user = Optional.empty();
    Map<String, Template> env = Map.of();
    Optional<ContainerLimit> limit = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "container")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if (key == null) {
        continue;
      }
      switch (key) {
        case "do" -> {
          verbNode = value;
          String word = nodes.scalar(value, "a verb for do");
          verb = word == null ? null : ContainerVerb.named(word).orElse(null);
          if (word != null && verb == null) {
            nodes.problem(
                value,
                "container do: expected one of "
                    + ContainerVerb.words()
                    + ", found \""
                    + word
                    + "\"");
          }
        }
        case "target" -> {
          if (targetNode != null) {
            nodes.problem(value, "container: target or labels, not both");
          }
          targetNode = value;
          target =
              template(value, "a container ID or name")
                  .<ContainerTarget>map(ContainerTarget.Named::new)
                  .orElse(target);
        }
        case "labels" -> {
          if (targetNode != null) {
            nodes.problem(value, "container: target or labels, not both");
          }
          targetNode = value;
          Map<String, Template> labels = templates(value, "labels");
          if (labels.isEmpty()) {
            nodes.problem(value, "container labels: expected at least one label: value");
          }
          target = new ContainerTarget.Selector(labels);
        }
        case "stop_timeout" -> stopTimeout = wholeSeconds(value);
        case "signal" -> {
          signalNode = value;
          signal = signal(value).orElse(signal);
        }
        case "command" -> {
          commandNode = value;
          command = argv(value, "container command");
        }
        case "user" -> user = template(value, "a user for exec");
        case "env" -> {
          env = templates(value, "env");
          variableNames(value);
        }
        case "limit" -> limit = limit(value);
        default -> nodes.unknownKey(field.getKeyNode(), key, CONTAINER_KEYS);
      }
    }
    if (verbNode == null && nodes.problems().size() == before) {
      nodes.problem(node, "container: needs do: (" + ContainerVerb.words() + ")");
    }
    if (verb != null) {
      onlyWith(verb, verb.stops(), "stop_timeout", node, stopTimeout.isPresent());
      onlyWith(
          verb,
          verb == ContainerVerb.KILL,
          "signal",
          signalNode == null ? node : signalNode,
          signalNode != null);
      onlyWith(
          verb,
          verb == ContainerVerb.EXEC,
          "command",
          commandNode == null ? node : commandNode,
          commandNode != null);
      onlyWith(verb, verb == ContainerVerb.EXEC, "user", node, user.isPresent());
      onlyWith(verb, verb == ContainerVerb.EXEC, "env", node, !env.isEmpty());
      if (verb == ContainerVerb.EXEC && commandNode == null) {
        nodes.problem(node, "container do: exec needs a command: (the argv run inside)");
      }
    }
    return verb != null && nodes.problems().size() == before
        ? Optional.of(
            new Action.Container(verb, target, stopTimeout, signal, command, user, env, limit))
        : Optional.empty();
  }

  private void onlyWith(ContainerVerb verb, boolean fits, String key, Node node, boolean given) {
    if (given && !fits) {
      nodes.problem(node, "container " + key + ": not with do: " + verb.word());
    }
  }

  /** The Engine API takes the stop timeout in whole seconds. */
  private Optional<Duration> wholeSeconds(Node node) {
    Optional<Duration> duration = nodes.duration(node, "stop_timeout");
    if (duration.isPresent() && duration.get().toMillis() % 1000 != 0) {
      nodes.problem(node, "stop_timeout: the engine takes whole seconds, as 10s");
      return Optional.empty();
    }
    return duration;
  }

  private Optional<String> signal(Node node) {
    String text = nodes.scalar(node, "a signal, as HUP or SIGHUP");
    if (text == null) {
      return Optional.empty();
    }
    String name = text.strip().toUpperCase(java.util.Locale.ROOT);
    String bare = name.startsWith("SIG") ? name.substring(3) : name;
    if (SIGNALS.contains(bare) || bare.matches("RTMIN(\\+\\d{1,2})?|[1-9]\\d?")) {
      return Optional.of(bare);
    }
    nodes.problem(node, "signal: \"" + text + "\" is not a signal (HUP, TERM, USR1, 9, …)");
    return Optional.empty();
  }

  private Optional<ContainerLimit> limit(Node node) {
    int before = nodes.problems().size();
    Optional<Integer> times = Optional.empty();
    Optional<Duration> per = Optional.empty();
    boolean stop = false;
    for (NodeTuple field : nodes.mapping(node, "limit")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("times".equals(key)) {
        times = nodes.count(value, "times", 1, 1_000);
      } else if ("per".equals(key)) {
        per = nodes.duration(value, "per");
      } else if ("then".equals(key)) {
        String then = nodes.scalar(value, "stop or nothing for then");
        if ("stop".equals(then)) {
          stop = true;
        } else if (then != null && !"nothing".equals(then)) {
          nodes.problem(value, "limit then: expected stop or nothing, found \"" + then + "\"");
        }
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "times, per, then");
      }
    }
    if ((times.isEmpty() || per.isEmpty()) && nodes.problems().size() == before) {
      nodes.problem(node, "limit: needs times: and per:, as {times: 3, per: 10m}");
    }
    return times.isPresent() && per.isPresent() && nodes.problems().size() == before
        ? Optional.of(new ContainerLimit(times.get(), per.get(), stop))
        : Optional.empty();
  }

  /** The subject as written, each placeholder standing for one token's worth of safe text. */
  private static boolean isSubject(Template subject) {
    StringBuilder shape = new StringBuilder();
    for (Segment segment : subject.segments()) {
      shape.append(segment.textOr("x"));
    }
    return SUBJECT.matcher(shape).matches();
  }

  NatsSettings natsSettings(Node node) {
    List<String> servers = NatsSettings.DEFAULTS.servers();
    Optional<String> credentials = Optional.empty();
    NatsTls tls = NatsTls.NONE;
    for (NodeTuple field : nodes.mapping(node, "nats")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("url".equals(key)) {
        servers =
            Optional.ofNullable(nodes.scalar(value, "a nats:// URL")).map(List::of).orElse(servers);
      } else if ("servers".equals(key)) {
        servers = serverList(value);
      } else if ("credentials".equals(key)) {
        credentials = Optional.ofNullable(nodes.scalar(value, "a path to a .creds file"));
      } else if ("tls".equals(key)) {
        tls = natsTls(value);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "url, servers, credentials, tls");
      }
    }
    for (String server : servers) {
      if (!NATS_URL.matcher(server).matches()) {
        nodes.problem(
            node, "nats: expected nats://HOST:PORT or tls://HOST:PORT, found \"" + server + "\"");
      }
    }
    return new NatsSettings(servers, credentials, tls);
  }

  private NatsTls natsTls(Node node) {
    Optional<String> ca = Optional.empty();
    Optional<String> cert = Optional.empty();
    Optional<String> key = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "tls")) {
      String name = nodes.scalar(field.getKeyNode(), "a key");
      Optional<String> path =
          Optional.ofNullable(nodes.scalar(field.getValueNode(), "a path to a PEM file"));
      if ("ca_file".equals(name)) {
        ca = path;
      } else if ("cert_file".equals(name)) {
        cert = path;
      } else if ("key_file".equals(name)) {
        key = path;
      } else if (name != null) {
        nodes.unknownKey(field.getKeyNode(), name, "ca_file, cert_file, key_file");
      }
    }
    if (cert.isPresent() != key.isPresent()) {
      nodes.problem(node, "nats tls: cert_file and key_file go together (a client certificate)");
    }
    return new NatsTls(ca, cert, key);
  }

  private List<String> serverList(Node node) {
    if (!(node instanceof SequenceNode sequenceNode) || sequenceNode.getValue().isEmpty()) {
      nodes.problem(node, "servers: expected a non-empty list of nats:// URLs");
      return NatsSettings.DEFAULTS.servers();
    }
    List<String> servers = new ArrayList<>();
    for (Node item : sequenceNode.getValue()) {
      Optional.ofNullable(nodes.scalar(item, "a nats:// URL")).ifPresent(servers::add);
    }
    return servers;
  }

  /** Header templates: a line break written in the file would end the header. */
  private Map<String, Template> headers(Node node) {
    Map<String, Template> headers = templates(node, "headers");
    for (NodeTuple entry : nodes.mapping(node, "headers")) {
      Node value = entry.getValueNode();
      if (value instanceof ScalarNode scalarNode
          && scalarNode.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
        nodes.problem(value, "headers: a header value may not hold a line break (CR or LF)");
      }
    }
    return headers;
  }

  private Optional<Redirects> redirects(Node node) {
    String text = nodes.scalar(node, "never or same-origin for follow_redirects");
    for (Redirects redirects : Redirects.values()) {
      if (redirects.text().equals(text)) {
        return Optional.of(redirects);
      }
    }
    if (text != null) {
      nodes.problem(
          node, "follow_redirects: expected never or same-origin, found \"" + text + "\"");
    }
    return Optional.empty();
  }

  /** An http(s) URL with a host, judged with every placeholder as a plain word. */
  private static boolean isHttpUrl(Template url) {
    StringBuilder text = new StringBuilder();
    url.segments().forEach(s -> text.append(s.textOr("x")));
    try {
      URI uri = URI.create(text.toString());
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
