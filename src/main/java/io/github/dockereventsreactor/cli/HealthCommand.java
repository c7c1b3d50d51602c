package io.github.dockereventsreactor.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code health}: asks the running daemon whether it is healthy, for a container's health check.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the running daemon (run --control-socket) whether it is healthy: every event stream"
          + " connected, none stuck, the state file writable. Exits 0 when it is, 1 with the"
          + " reason otherwise: a container's HEALTHCHECK without curl or a shell."
    })
final class HealthCommand implements Callable<Integer> {

  @Mixin ControlRequest control;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return control.ask(
        "health", Duration.ofSeconds(5), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
