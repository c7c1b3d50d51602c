package io.github.dockereventsreactor.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LegacyFieldsTest {

  private static final String DOCKER_29_START =
      "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
          + "\"Attributes\":{\"image\":\"busybox\",\"name\":\"web\",\"x\":\"\\u003cb\\u003e\"}},"
          + "\"scope\":\"local\",\"time\":1795535393,\"timeNano\":1795535393749723950}";

  @Test
  void containerEventsGetStatusIdAndFromInFrontAndEveryOtherByteAsSent() throws Exception {
    DockerEvent restored = LegacyFields.restore(EventJson.parse(DOCKER_29_START));

    assertThat(restored.json())
        .isEqualTo(
            "{\"status\":\"start\",\"id\":\"c0ffee\",\"from\":\"busybox\","
                + DOCKER_29_START.substring(1));
    assertThat(restored.action()).isEqualTo("start");
  }

  @Test
  void imageEventsGetStatusAndIdOnly() throws Exception {
    String tag =
        "{\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":{\"ID\":\"sha256:4e82\",\"Attributes\":"
            + "{\"name\":\"busybox:x\"}},\"scope\":\"local\",\"time\":1,\"timeNano\":1000000000}";

    assertThat(LegacyFields.restore(EventJson.parse(tag)).json())
        .isEqualTo("{\"status\":\"tag\",\"id\":\"sha256:4e82\"," + tag.substring(1));
  }

  @Test
  void otherTypesAndEventsThatStillHaveThemAreUntouched() throws Exception {
    String network =
        "{\"Type\":\"network\",\"Action\":\"create\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":{}},"
            + "\"scope\":\"local\",\"time\":1,\"timeNano\":1000000000}";
    String old =
        "{\"status\":\"start\",\"id\":\"c0ffee\",\"from\":\"busybox\","
            + DOCKER_29_START.substring(1);

    assertThat(LegacyFields.restore(EventJson.parse(network)).json()).isEqualTo(network);
    assertThat(LegacyFields.restore(EventJson.parse(old)).json()).isEqualTo(old);
  }

  @Test
  void statusIsTheEnginesOwnWordOnPodman() throws Exception {
    DockerEvent remove =
        EngineDialect.PODMAN.toDocker(
            EventJson.parse(DOCKER_29_START.replace("\"start\"", "\"remove\"")));

    assertThat(LegacyFields.restore(remove).json()).startsWith("{\"status\":\"remove\",");
  }
}
