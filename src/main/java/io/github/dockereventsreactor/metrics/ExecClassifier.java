package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a container's healthcheck execs from other execs. Docker's {@code exec_*} events do not
 * say, so the exec's command (in the action's detail) is compared with the healthcheck the
 * container was configured with, looked up once per container; {@code exec_die} carries no command
 * and is classified by its exec ID.
 */
final class ExecClassifier {

  private static final int REMEMBERED = 10_000;

  private final HealthcheckCommands commands;
  private final Map<String, Optional<String>> byContainer = lru();
  private final Map<String, Boolean> byExec = lru();

  ExecClassifier(HealthcheckCommands commands) {
    this.commands = commands;
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > REMEMBERED;
      }
    };
  }

  /** The healthcheck label of an exec event: "true", "false", or "unknown" (inspect failed). */
  synchronized String classify(DockerEvent event) {
    String execId = event.actor().attribute("execID").orElse("");
    String action = event.action();
    int colon = action.indexOf(':');
    if (colon < 0) {
      Boolean known = byExec.get(execId);
      return known == null ? "unknown" : known.toString();
    }
    String command = action.substring(colon + 1).strip();
    Optional<String> healthcheck;
    try {
      healthcheck = byContainer.computeIfAbsent(event.actor().id(), commands);
    } catch (RuntimeException e) {
      return "unknown";
    }
    boolean isHealthcheck = healthcheck.map(command::equals).orElse(false);
    if (!execId.isEmpty()) {
      byExec.put(execId, isHealthcheck);
    }
    return Boolean.toString(isHealthcheck);
  }

  /** A removed container's healthcheck can be forgotten. */
  synchronized void forget(String containerId) {
    byContainer.remove(containerId);
  }
}
