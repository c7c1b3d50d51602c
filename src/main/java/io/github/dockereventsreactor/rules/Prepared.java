package io.github.dockereventsreactor.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An action rendered for one event: ready to execute, or skipped for a missing value. */
public sealed interface Prepared {

  /** A command to spawn. */
  record Command(
      List<String> argv, Map<String, String> env, Optional<String> cwd, Optional<String> stdin)
      implements Prepared {
    public Command {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }
  }

  /** An HTTP request to send. */
  record Request(
      String url,
      String method,
      Map<String, String> headers,
      String body,
      Duration timeout,
      int retries)
      implements Prepared {
    public Request {
      headers = Map.copyOf(headers);
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
  }

  /** A placeholder had no value: the action must not run. */
  record Skipped(String reason) implements Prepared {}
}
