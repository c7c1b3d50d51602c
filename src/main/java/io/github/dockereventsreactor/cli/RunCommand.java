package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineEventSource;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.engine.OutcomeLog;
import io.github.dockereventsreactor.engine.Reactor;
import io.github.dockereventsreactor.process.ProcessExecutor;
import io.github.dockereventsreactor.rules.DurationText;
import io.github.dockereventsreactor.rules.RuleSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Stream the Docker engine's events and run the commands of the rules that match.",
      "SIGTERM or SIGINT stops it: reading stops, running and queued commands get"
          + " --shutdown-timeout to finish, then it exits 0."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin RulesFile rulesFile;
  @Mixin EngineOptions engineOptions;
  @Spec CommandSpec spec;

  @Option(
      names = "--command-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Kill a command (and its children) that runs longer (default: ${DEFAULT-VALUE}).")
  Duration commandTimeout;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "On stop, how long queued and running commands may take (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Override
  public Integer call() throws Exception {
    Optional<RuleSet> rules = rulesFile.load(spec.commandLine().getErr());
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    try (Engine engine = engineOptions.engine(rules.get().settings())) {
      Reactor reactor =
          new Reactor(
              rules.get(),
              new EngineFacts(engine),
              new ProcessExecutor(commandTimeout, Duration.ofSeconds(5)),
              new OutcomeLog());
      EngineEventSource source = new EngineEventSource(engine);
      Signals.onTermination(
          () -> {
            LOG.info("stopping: no more events are read");
            source.close();
          });
      Signals.onHangup(
          () -> LOG.warn("SIGHUP ignored: restart the reactor to load changed rules"));
      LOG.info(
          "{} rules loaded from {}, connecting to {}",
          rules.get().rules().size(),
          rulesFile.path,
          engine.address());
      source.run(reactor);
      boolean drained = reactor.stop(shutdownTimeout);
      LOG.info(drained ? "stopped" : "stopped, some commands were killed");
      return 0;
    }
  }

  /** Reads durations as the rules file writes them. */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return DurationText.parse(value);
    }
  }
}
