package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code run} looks for rules without {@code -c}: the user's file under {@code
 * $XDG_CONFIG_HOME} (else {@code ~/.config}), then the system's under {@code /etc}; with neither,
 * the embedded default, which has no rules and logs every event instead.
 */
final class DefaultRules {

  static final Path SYSTEM = Path.of("/etc/docker-events-reactor/reactor.yml");
  static final RuleSet EMBEDDED = new RuleSet(List.of(), Settings.DEFAULTS);

  private final Map<String, String> env;

  DefaultRules(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The user's rules file, whether or not it exists; empty without XDG_CONFIG_HOME or HOME. */
  Optional<Path> user() {
    String config = env.get("XDG_CONFIG_HOME");
    if (config != null && !config.isEmpty()) {
      return Optional.of(Path.of(config, "docker-events-reactor", "reactor.yml"));
    }
    return Optional.ofNullable(env.get("HOME"))
        .filter(home -> !home.isEmpty())
        .map(home -> Path.of(home, ".config", "docker-events-reactor", "reactor.yml"));
  }

  /** The first rules file that exists, in the order searched. */
  Optional<Path> find() {
    return user()
        .filter(Files::isRegularFile)
        .or(() -> Optional.of(SYSTEM).filter(Files::isRegularFile));
  }

  /** The first log line of a daemon on the embedded default: what it does, where rules go. */
  String notice() {
    String searched = user().map(p -> p + " nor " + SYSTEM).orElse(SYSTEM.toString());
    return "no rules file (-c FILE, "
        + searched
        + "): logging every event, one line each;"
        + " write your rules to "
        + user().orElse(SYSTEM)
        + " (see docker-events-reactor explain)"
        + " and restart";
  }
}
