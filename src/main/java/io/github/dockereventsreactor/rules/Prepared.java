package io.github.dockereventsreactor.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** An action rendered for one event: ready to execute, or skipped for a missing value. */
public sealed interface Prepared {

  /** The one of the three functions that fits this variant, applied to it. */
  <T> T fold(
      Function<Command, T> command, Function<Request, T> request, Function<Skipped, T> skipped);

  /** A command to spawn. */
  record Command(
      List<String> argv, Map<String, String> env, Optional<String> cwd, Optional<String> stdin)
      implements Prepared {
    public Command {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public <T> T fold(
        Function<Command, T> command, Function<Request, T> request, Function<Skipped, T> skipped) {
      return command.apply(this);
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

    @Override
    public <T> T fold(
        Function<Command, T> command, Function<Request, T> request, Function<Skipped, T> skipped) {
      return request.apply(this);
    }
  }

  /** A placeholder had no value: the action must not run. */
  record Skipped(String reason) implements Prepared {
    @Override
    public <T> T fold(
        Function<Command, T> command, Function<Request, T> request, Function<Skipped, T> skipped) {
      return skipped.apply(this);
    }
  }
}
