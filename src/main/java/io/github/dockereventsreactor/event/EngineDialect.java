package io.github.dockereventsreactor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * How an engine names its events, and the translation into Docker's names that rules are written
 * in. Only the action that matching sees changes: the payload and {@code %%action%%} stay the
 * engine's own.
 */
public enum EngineDialect {
  /** Docker itself: nothing to translate. */
  DOCKER {
    @Override
    public DockerEvent toDocker(DockerEvent event) {
      return event;
    }
  },

  /**
   * Podman's Docker-compatible API: {@code remove} where Docker says {@code destroy} (containers)
   * or {@code delete} (images), {@code exec}/{@code exec_died} for {@code exec_start}/{@code
   * exec_die}, and a bare {@code health_status} with the status in a top-level {@code HealthStatus}
   * field where Docker writes {@code health_status: unhealthy}. Podman's own events (init, cleanup,
   * sync, pod…) pass through under their names.
   */
  PODMAN {
    @Override
    public DockerEvent toDocker(DockerEvent event) {
      String docker = RENAMED.get(event.type() + " " + event.action());
      if (docker != null) {
        return event.withDockerAction(docker);
      }
      if (event.type().equals("container") && event.action().equals("health_status")) {
        String status = healthStatus(event.json());
        return status.isEmpty() ? event : event.withDockerAction("health_status: " + status);
      }
      return event;
    }
  };

  private static final Map<String, String> RENAMED =
      Map.of(
          "container remove", "destroy",
          "container exec", "exec_start",
          "container exec_died", "exec_die",
          "container died", "die",
          "image remove", "delete");

  /** The event as a rule written for Docker should see it. */
  public abstract DockerEvent toDocker(DockerEvent event);

  /**
   * The event as {@code run} and {@code replay} hand it to the rules: under Docker's names, and
   * with {@code reactor.payload.legacy_fields} the {@code status}/{@code id}/{@code from} fields
   * back in its payload.
   */
  public DockerEvent toRules(DockerEvent event, boolean legacyFields) {
    DockerEvent docker = toDocker(event);
    return legacyFields ? LegacyFields.restore(docker) : docker;
  }

  /**
   * Data binding loaded with Podman's first health event, not with the enum: an idle reactor would
   * otherwise keep some 300 of its classes.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper(EventJson.factory());
  }

  private static String healthStatus(String json) {
    try {
      return Json.MAPPER.readTree(json).path("HealthStatus").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }
}
