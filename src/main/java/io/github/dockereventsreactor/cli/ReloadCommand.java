package io.github.dockereventsreactor.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reload}: has the running daemon reload its rules, and says how it went. */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = {
      "Have the running daemon (run --control-socket) reload its rules file, and wait for the"
          + " outcome: exits 0 once the new rules are in force, 1 with the first problem when the"
          + " file is refused (the previous rules then stay in force). The unit's ExecReload=, so"
          + " that systemctl reload fails when the reload does."
    })
final class ReloadCommand implements Callable<Integer> {

  @Mixin ControlRequest control;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return control.ask(
        "reload", Duration.ofSeconds(60), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
