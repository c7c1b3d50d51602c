package io.github.dockereventsreactor.rules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
