package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.github.dockereventsreactor.template.Rendering;
import io.github.dockereventsreactor.template.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a rule does for an event it matched: run a command, call a webhook, publish to NATS, act on
 * containers.
 */
public sealed interface Action {

  /** The action rendered for one event, or why it cannot run. */
  Prepared prepare(EventContext context);

  String describe();

  /**
   * A command run directly, no shell: argv, extra environment, working directory, and with {@code
   * stdinPayload} the event's JSON on its standard input ({@code stdin: payload}), or a batch's
   * events as JSON lines ({@code stdin: batch}).
   */
  record Exec(
      List<Template> argv,
      Map<String, Template> env,
      Optional<String> cwd,
      boolean stdinPayload,
      OutputLimits output)
      implements Action {

    public Exec {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public Prepared prepare(EventContext context) {
      // Not a fold with a lambda capturing the context: under the launcher's client compiler each
      // such capture is an allocation through the JVM's runtime, on every event.
      Rendering rendering = Rendering.of(argv, context);
      Optional<String> missing = rendering.missing();
      return missing.isPresent()
          ? new Prepared.Skipped(missing.get())
          : command(rendering.orElse(List.of()), context);
    }

    private Prepared command(List<String> rendered, EventContext context) {
      Map<String, String> values = new LinkedHashMap<>();
      Optional<Prepared.Skipped> unset = renderEnv(env, context, values);
      if (unset.isPresent()) {
        return unset.get();
      }
      return new Prepared.Command(
          rendered,
          values,
          cwd,
          !stdinPayload
              ? Optional.empty()
              : Optional.of(
                  context.batch().isEmpty() ? context.event().json() : context.batchLines()),
          output);
    }

    @Override
    public String describe() {
      return "run "
          + argv.stream().map(t -> quote(t.source())).collect(Collectors.joining(" ", "[", "]"))
          + (output.equals(OutputLimits.DEFAULTS) ? "" : " (" + output.describe() + ")");
    }
  }

  /**
   * An HTTP request through the JDK's client, retried on connection errors and 5xx; it carries the
   * event's id as {@code Idempotency-Key} unless the rule sets that header itself.
   */
  record Webhook(
      Template url,
      String method,
      Map<String, Template> headers,
      Optional<Template> body,
      Duration timeout,
      int retries,
      Redirects redirects)
      implements Action {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    public Webhook {
      headers = Map.copyOf(headers);
    }

    @Override
    public Prepared prepare(EventContext context) {
      Lookup target = url.render(context);
      if (target.missing().isPresent()) {
        return new Prepared.Skipped("url: " + target.missing().get());
      }
      Map<String, String> values = new LinkedHashMap<>();
      Optional<Prepared.Skipped> unfit =
          renderHeaders(headers, context, values, HeaderCarrier.HTTP);
      if (unfit.isPresent()) {
        return unfit.get();
      }
      // The receiver can drop the copy that at-least-once delivery may send again after a crash.
      if (context.batch().isEmpty()
          && headers.keySet().stream().noneMatch(IDEMPOTENCY_KEY::equalsIgnoreCase)) {
        context.eventId().fold(id -> values.put(IDEMPOTENCY_KEY, id), reason -> null);
      }
      Lookup payload =
          body.map(b -> b.render(context)).orElseGet(() -> Lookup.found(context.payload()));
      if (payload.missing().isPresent()) {
        return new Prepared.Skipped("body: " + payload.missing().get());
      }
      return new Prepared.Request(
          target.orElse(""), method, values, payload.orElse(""), timeout, retries, redirects);
    }

    @Override
    public String describe() {
      return "webhook "
          + method
          + " "
          + url.source()
          + (redirects == Redirects.NEVER ? "" : " (follow redirects " + redirects.text() + ")");
    }
  }

  /**
   * A message published to JetStream, acknowledged before the event counts as done. The subject's
   * placeholders are escaped as tokens ({@link
   * io.github.dockereventsreactor.template.Escape#SUBJECT_TOKEN}): an {@code exec_start: /bin/sh -c
   * …} action or a dotted label cannot add a token or a wildcard.
   */
  record Publish(Template subject, Map<String, Template> headers, Optional<Template> body)
      implements Action {

    public Publish {
      headers = Map.copyOf(headers);
    }

    @Override
    public Prepared prepare(EventContext context) {
      Lookup id = context.eventId();
      if (id.missing().isPresent()) {
        return new Prepared.Skipped("%%event.id%%: " + id.missing().get());
      }
      Lookup target = subject.render(context);
      if (target.missing().isPresent()) {
        return new Prepared.Skipped("subject: " + target.missing().get());
      }
      Map<String, String> values = new LinkedHashMap<>();
      Optional<Prepared.Skipped> unfit =
          renderHeaders(headers, context, values, HeaderCarrier.NATS);
      if (unfit.isPresent()) {
        return unfit.get();
      }
      Lookup payload =
          body.map(b -> b.render(context)).orElseGet(() -> Lookup.found(context.payload()));
      if (payload.missing().isPresent()) {
        return new Prepared.Skipped("body: " + payload.missing().get());
      }
      return new Prepared.Message(target.orElse(""), values, payload.orElse(""), id.orElse(""));
    }

    @Override
    public String describe() {
      return "nats " + subject.source();
    }
  }

  /**
   * An action on containers through the Engine API: restart, stop, start, kill with a signal,
   * pause, unpause, or exec of a command inside; on the event's container, one named, or every one
   * a label selector finds; within a limit per container and window when it has one.
   */
  record Container(
      ContainerVerb verb,
      ContainerTarget target,
      Optional<Duration> stopTimeout,
      String signal,
      List<Template> command,
      Optional<Template> user,
      Map<String, Template> env,
      Optional<ContainerLimit> limit)
      implements Action {

    public Container {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }

    @Override
    public Prepared prepare(EventContext context) {
      ContainerTarget.Rendered rendered = target.render(context);
      if (rendered instanceof ContainerTarget.Missing missing) {
        return new Prepared.Skipped(missing.reason());
      }
      Rendering argv = Rendering.of(command, context);
      if (argv.missing().isPresent()) {
        return new Prepared.Skipped("command: " + argv.missing().get());
      }
      Optional<String> as = Optional.empty();
      if (user.isPresent()) {
        Lookup value = user.get().render(context);
        if (value.missing().isPresent()) {
          return new Prepared.Skipped("user: " + value.missing().get());
        }
        as = Optional.of(value.orElse(""));
      }
      Map<String, String> values = new LinkedHashMap<>();
      Optional<Prepared.Skipped> unset = renderEnv(env, context, values);
      if (unset.isPresent()) {
        return unset.get();
      }
      return new Prepared.ContainerCall(
          verb,
          rendered,
          stopTimeout,
          signal,
          argv.orElse(List.of()),
          as,
          values,
          limit,
          Prepared.ContainerCall.Trigger.of(context.event()));
    }

    /**
     * The stable printed form (check, replay, the rule tests compare it): {@code container VERB
     * [ARGS] on TARGET[, LIMIT]}.
     */
    @Override
    public String describe() {
      return "container "
          + verb.word()
          + arguments()
          + " on "
          + target.describe()
          + limit.map(l -> ", " + l.describe()).orElse("");
    }

    private String arguments() {
      return Prepared.ContainerCall.arguments(
          verb,
          stopTimeout,
          signal,
          command.stream().map(Template::source).collect(Collectors.toList()),
          user.map(Template::source));
    }
  }

  /** Renders environment values into {@code into}, or says which one has no value. */
  private static Optional<Prepared.Skipped> renderEnv(
      Map<String, Template> env, EventContext context, Map<String, String> into) {
    for (Map.Entry<String, Template> e : env.entrySet()) {
      Lookup value = e.getValue().render(context);
      Optional<String> missing = value.missing();
      if (missing.isPresent()) {
        return Optional.of(new Prepared.Skipped("env " + e.getKey() + ": " + missing.get()));
      }
      into.put(e.getKey(), value.orElse(""));
    }
    return Optional.empty();
  }

  /**
   * What a header can carry: a tab and the visible characters, and for HTTP also Latin-1's upper
   * half (the JDK's client refuses the rest, as jnats refuses all but ASCII). A value with anything
   * else, such as an emoji in a label, is skipped with its reason, as a line break is, rather than
   * sent to fail at every retry and count as undelivered.
   */
  enum HeaderCarrier {
    HTTP("an HTTP header", 0xFF),
    NATS("a NATS header", 0x7E);

    private final String name;
    private final int highest;

    HeaderCarrier(String name, int highest) {
      this.name = name;
      this.highest = highest;
    }

    /** The first character this header cannot carry, or -1. */
    int refused(String value) {
      for (int i = 0; i < value.length(); i++) {
        int c = value.codePointAt(i);
        if (c != '\t' && (c < 0x20 || c == 0x7F || c > highest)) {
          return c;
        }
      }
      return -1;
    }
  }

  /**
   * Renders header values into {@code into}, or says why the action must not run: a missing value,
   * a line break (CR or LF), which would end the header and could add others, or a character the
   * header cannot carry.
   */
  private static Optional<Prepared.Skipped> renderHeaders(
      Map<String, Template> headers,
      EventContext context,
      Map<String, String> into,
      HeaderCarrier carrier) {
    for (Map.Entry<String, Template> e : headers.entrySet()) {
      Lookup value = e.getValue().render(context);
      if (value.missing().isPresent()) {
        return Optional.of(
            new Prepared.Skipped("header " + e.getKey() + ": " + value.missing().get()));
      }
      String text = value.orElse("");
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        return Optional.of(
            new Prepared.Skipped(
                "header "
                    + e.getKey()
                    + ": the value holds a line break (CR or LF), which would"
                    + " end the header and could add others"));
      }
      int refused = carrier.refused(text);
      if (refused >= 0) {
        return Optional.of(
            new Prepared.Skipped(
                String.format(
                    "header %s: the value holds U+%04X, which %s cannot carry",
                    e.getKey(), refused, carrier.name)));
      }
      into.put(e.getKey(), text);
    }
    return Optional.empty();
  }

  private static String quote(String s) {
    return Prepared.ContainerCall.quote(s);
  }
}
