package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import org.junit.jupiter.api.Test;

class KillMemoryTest {

  private static final long SECOND = 1_000_000_000L;
  private final KillMemory kills = new KillMemory();

  private static DockerEvent event(String type, String action, String id, long timeNano)
      throws Exception {
    return EventJson.parse(
        "{\"Type\":\""
            + type
            + "\",\"Action\":\""
            + action
            + "\",\"Actor\":{\"ID\":\""
            + id
            + "\"},\"time\":"
            + timeNano / SECOND
            + ",\"timeNano\":"
            + timeNano
            + "}");
  }

  private boolean dieKilled(String id, long timeNano) throws Exception {
    return kills.annotate(event("container", "die", id, timeNano)).killed();
  }

  @Test
  void aDieWithinThirtySecondsOfAKillOfTheSameContainerWasKilled() throws Exception {
    kills.annotate(event("container", "kill", "c1", 100 * SECOND));
    assertThat(dieKilled("c1", 130 * SECOND)).isTrue();
  }

  @Test
  void aDieLaterThanThirtySecondsAfterTheKillEndedOnItsOwn() throws Exception {
    kills.annotate(event("container", "kill", "c1", 100 * SECOND));
    assertThat(dieKilled("c1", 130 * SECOND + 1)).isFalse();
  }

  @Test
  void aKillOfAnotherContainerSaysNothingOfThisOne() throws Exception {
    kills.annotate(event("container", "kill", "c2", 100 * SECOND));
    assertThat(dieKilled("c1", 101 * SECOND)).isFalse();
  }

  @Test
  void aKillAccountsForOneDieOnly() throws Exception {
    kills.annotate(event("container", "kill", "c1", 100 * SECOND));
    assertThat(dieKilled("c1", 101 * SECOND)).isTrue();
    assertThat(dieKilled("c1", 102 * SECOND)).isFalse();
  }

  @Test
  void aDestroyForgetsTheKill() throws Exception {
    kills.annotate(event("container", "kill", "c1", 100 * SECOND));
    kills.annotate(event("container", "destroy", "c1", 101 * SECOND));
    assertThat(dieKilled("c1", 102 * SECOND)).isFalse();
  }

  @Test
  void otherTypesPassUntouched() throws Exception {
    DockerEvent volume = event("volume", "kill", "c1", 100 * SECOND);
    assertThat(kills.annotate(volume)).isSameAs(volume);
    assertThat(dieKilled("c1", 101 * SECOND)).isFalse();
  }
}
