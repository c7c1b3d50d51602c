package io.github.dockereventsreactor.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineDialectTest {

  /** A Podman 4.3 event as its compatible API sends it, with this type and action. */
  static String podman(String type, String action, String extra) {
    return "{\"status\":\""
        + action
        + "\",\"id\":\"1d14c2db\",\"from\":\"localhost/reactor-test/busybox:latest\","
        + "\"Type\":\""
        + type
        + "\",\"Action\":\""
        + action
        + "\",\"Actor\":{\"ID\":\"1d14c2db\","
        + "\"Attributes\":{\"containerExitCode\":\"0\",\"image\":\"localhost/reactor-test/busybox:latest\","
        + "\"name\":\"web\",\"podId\":\"\"}},\"scope\":\"local\",\"time\":1796074126,"
        + "\"timeNano\":1796074126495938032"
        + extra
        + "}";
  }

  @ParameterizedTest
  @CsvSource({
    "container, remove, '', destroy",
    "container, exec, '', exec_start",
    "container, exec_died, '', exec_die",
    "container, health_status, ',\"HealthStatus\":\"unhealthy\"', 'health_status: unhealthy'",
    "container, health_status, '', health_status",
    "image, remove, '', delete",
    "network, remove, '', remove",
    "container, init, '', init",
    "container, cleanup, '', cleanup",
    "container, start, '', start",
  })
  void podmanEventsAreMatchedUnderDockerNamesAndKeepTheirOwn(
      String type, String action, String extra, String docker) throws Exception {
    String json = podman(type, action, extra);
    DockerEvent event = EngineDialect.PODMAN.toDocker(EventJson.parse(json));

    assertThat(event.action()).isEqualTo(docker);
    assertThat(event.engineAction()).isEqualTo(action);
    assertThat(event.json()).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({"remove", "exec_died", "health_status"})
  void dockerEventsAreNeverTranslated(String action) throws Exception {
    DockerEvent event =
        EventJson.parse(podman("container", action, ",\"HealthStatus\":\"unhealthy\""));

    assertThat(EngineDialect.DOCKER.toDocker(event)).isSameAs(event);
  }
}
