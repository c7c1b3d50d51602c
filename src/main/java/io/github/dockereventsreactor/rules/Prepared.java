package io.github.dockereventsreactor.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An action rendered for one event: ready to execute, or skipped for a missing value. */
public sealed interface Prepared {

  /** A command to spawn. */
  record Command(
      List<String> argv,
      Map<String, String> env,
      Optional<String> cwd,
      Optional<String> stdin,
      OutputLimits output)
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
      int retries,
      Redirects redirects)
      implements Prepared {
    public Request {
      headers = Map.copyOf(headers);
    }
  }

  /** A placeholder had no value: the action must not run. */
  record Skipped(String reason) implements Prepared {}
}
