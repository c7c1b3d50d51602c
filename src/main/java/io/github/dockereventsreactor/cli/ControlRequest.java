package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.control.ControlAnswer;
import io.github.dockereventsreactor.control.ControlClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * What {@code health} and {@code reload} share: the control socket of the running daemon, a
 * deadline, and how an answer becomes output and an exit status (0 when what was asked holds, 1
 * otherwise: the only two statuses a container's health check may use).
 */
final class ControlRequest {

  static final String SOCKET_VARIABLE = "REACTOR_CONTROL_SOCKET";

  @Option(
      names = "--control-socket",
      paramLabel = "PATH",
      defaultValue = "${env:" + SOCKET_VARIABLE + "}",
      description =
          "The running daemon's control socket, as given to run --control-socket. Default: $"
              + SOCKET_VARIABLE
              + ".")
  @Nullable Path socket;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = RunCommand.DurationConverter.class,
      description =
          "Fail when no answer comes within this (default: 5s for health, 60s for reload).")
  @Nullable Duration timeout;

  /**
   * Sends {@code request}, prints the answer (to stdout when it holds, stderr otherwise); waits for
   * it up to --timeout, else {@code deadline}.
   */
  int ask(String request, Duration deadline, PrintWriter out, PrintWriter err) {
    if (socket == null) {
      err.println(
          "docker-events-reactor: no control socket: give --control-socket PATH or set $"
              + SOCKET_VARIABLE
              + " to the daemon's");
      return ReactorCommand.INVALID_INPUT;
    }
    ControlAnswer answer;
    try {
      answer = ControlClient.ask(socket, request, timeout == null ? deadline : timeout);
    } catch (IOException e) {
      err.println("docker-events-reactor: " + e.getMessage());
      return ReactorCommand.INVALID_INPUT;
    }
    (answer.ok() ? out : err).println(answer.text());
    return answer.ok() ? 0 : ReactorCommand.INVALID_INPUT;
  }
}
