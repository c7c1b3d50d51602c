package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.daemon.EngineTarget;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineException;
import io.github.dockereventsreactor.metrics.MetricsServer;
import io.github.dockereventsreactor.rules.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings of a rules file that only the adapters can judge — which engines and how to reach
 * them (their URLs, their TLS files), where the metrics listen — judged by the one path {@code run}
 * starts from and {@code check} takes too: a file that {@code check} passes (a Salt state's gate)
 * must not stop the daemon at its start.
 */
final class AdapterSettings {

  private AdapterSettings() {}

  /** Where the metrics listen, and the option or setting that said so. */
  record Listen(String option, String address) {
    /**
     * {@code --metrics-listen} when given, else the file's {@code reactor.metrics.listen}; empty
     * when neither is.
     */
    static Optional<Listen> of(Optional<String> flag, Settings settings) {
      return flag.map(address -> new Listen("--metrics-listen", address))
          .or(() -> settings.metrics().listen().map(a -> new Listen("reactor.metrics.listen", a)));
    }
  }

  /** Every problem of these settings, each a message naming its setting; empty when none. */
  /**
   * What {@code run} would refuse in a rules file's {@code reactor:} settings, judged without any
   * option given: how {@code check} and {@code test --rules} gate a file before it is installed.
   */
  static List<String> problems(Settings settings) {
    return problems(settings, new EngineOptions(), Listen.of(Optional.empty(), settings));
  }

  static List<String> problems(Settings settings, EngineOptions engines, Optional<Listen> listen) {
    List<String> problems = new ArrayList<>();
    try {
      for (EngineTarget target : engines.targets(settings)) {
        // As run makes it: the address's TLS files are read here, nothing is sent.
        try {
          Engine.connect(target.address(), settings.maxEventBytes()).close();
        } catch (EngineException | IOException e) {
          problems.add(e.getMessage());
        }
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    listen.ifPresent(
        l -> {
          try {
            MetricsServer.address(l.address());
          } catch (IllegalArgumentException e) {
            problems.add(l.option() + " " + e.getMessage());
          }
        });
    return problems;
  }
}
