package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.event.DockerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** An action rendered for one event: ready to execute, or skipped for a missing value. */
public sealed interface Prepared {

  /**
   * The case of {@code cases} that fits this variant, applied to it: a new variant is a compile
   * error in every place that handles them, never silently ignored.
   */
  <T> T fold(Cases<T> cases);

  /** True when nothing is to be done: the action is skipped, and why is its outcome. */
  default boolean skipped() {
    return false;
  }

  /** True when Linux would refuse to pass one of its arguments: only a command has any. */
  default boolean argumentTooLong() {
    return false;
  }

  /** What to do with each variant. */
  interface Cases<T> {
    T command(Command command);

    T request(Request request);

    T message(Message message);

    T container(ContainerCall call);

    T skipped(Skipped skipped);
  }

  /** A command to spawn. */
  record Command(
      List<String> argv,
      Map<String, String> env,
      Optional<String> cwd,
      Optional<String> stdin,
      OutputLimits output)
      implements Prepared {

    /**
     * Linux refuses to pass an argument of this many bytes or more (MAX_ARG_STRLEN, with its NUL).
     */
    public static final int MAX_ARGUMENT_BYTES = 128 * 1024;

    public Command {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public <T> T fold(Cases<T> cases) {
      return cases.command(this);
    }

    /**
     * True when an argument is too long for the kernel to pass: a batch splits rather than fail.
     */
    @Override
    public boolean argumentTooLong() {
      // A char is at most 3 bytes of UTF-8: a shorter string needs no encoding to be judged.
      return argv.stream()
          .anyMatch(
              a ->
                  a.length() >= MAX_ARGUMENT_BYTES / 3
                      && a.getBytes(StandardCharsets.UTF_8).length >= MAX_ARGUMENT_BYTES);
    }
  }

  /** An HTTP request to send. */
  record Request(
      String url,
      String method,
      Map<String, String> headers,
      String body,
      Duration timeout,
      int retries,
      Redirects redirects)
      implements Prepared {
    public Request {
      headers = Map.copyOf(headers);
    }

    @Override
    public <T> T fold(Cases<T> cases) {
      return cases.request(this);
    }
  }

  /**
   * A message to publish to JetStream; {@code messageId} (the event's id) lets the stream drop the
   * copy that at-least-once delivery may send again after a crash.
   */
  record Message(String subject, Map<String, String> headers, String body, String messageId)
      implements Prepared {
    public Message {
      headers = Map.copyOf(headers);
    }

    @Override
    public <T> T fold(Cases<T> cases) {
      return cases.message(this);
    }
  }

  /**
   * An action on containers through the Engine API, its target and command rendered; {@code
   * trigger} is what the event said of its own container, which must still hold when the action
   * runs.
   */
  record ContainerCall(
      ContainerVerb verb,
      ContainerTarget.Rendered target,
      Optional<Duration> stopTimeout,
      String signal,
      List<String> command,
      Optional<String> user,
      Map<String, String> env,
      Optional<ContainerLimit> limit,
      Trigger trigger)
      implements Prepared {

    public ContainerCall {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }

    @Override
    public <T> T fold(Cases<T> cases) {
      return cases.container(this);
    }

    /**
     * The stable printed form ({@code replay}, {@code explain}, the rule tests compare it): {@code
     * container VERB [ARGS] on TARGET[, LIMIT]}, as {@link Action.Container#describe} with the
     * values rendered.
     */
    public String describe() {
      String on =
          target instanceof ContainerTarget.Labelled labelled
              ? "every container labelled "
                  + labelled.labels().entrySet().stream()
                      .sorted(Map.Entry.comparingByKey())
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(","))
              : "container \"" + ((ContainerTarget.One) target).container() + "\"";
      return "container "
          + verb.word()
          + arguments(verb, stopTimeout, signal, command, user)
          + " on "
          + on
          + limit.map(l -> ", " + l.describe()).orElse("");
    }

    /** The verb's own arguments as printed: the stop timeout, the signal, or exec's argv. */
    static String arguments(
        ContainerVerb verb,
        Optional<Duration> stopTimeout,
        String signal,
        List<String> command,
        Optional<String> user) {
      return switch (verb) {
        case RESTART, STOP ->
            stopTimeout.map(t -> " (stop timeout " + t.toSeconds() + "s)").orElse("");
        case KILL -> " " + signal;
        case EXEC ->
            " "
                + command.stream()
                    .map(ContainerCall::quote)
                    .collect(Collectors.joining(" ", "[", "]"))
                + user.map(u -> " as " + quote(u)).orElse("");
        default -> "";
      };
    }

    /** A string in double quotes, its backslashes and quotes escaped. */
    static String quote(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The event's container ({@code ""} when it has none) and the health status the event reported
     * of it ({@code health_status: unhealthy}), if it was a health event: a debounced restart must
     * not restart a container that is healthy again.
     */
    public record Trigger(String container, Optional<String> health) {

      static Trigger of(DockerEvent event) {
        String container = ContainerTarget.EventContainer.of(event).orElse("");
        String action = event.action();
        int colon = action.indexOf(':');
        Optional<String> health =
            "container".equals(event.type()) && "health_status".equals(event.verb()) && colon > 0
                ? Optional.of(action.substring(colon + 1).strip())
                : Optional.empty();
        return new Trigger(container, health);
      }
    }
  }

  /** A placeholder had no value: the action must not run. */
  record Skipped(String reason) implements Prepared {
    @Override
    public boolean skipped() {
      return true;
    }

    @Override
    public <T> T fold(Cases<T> cases) {
      return cases.skipped(this);
    }
  }
}
