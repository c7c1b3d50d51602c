package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;

/** Events of the unit tests: each volume {@code v<i>} created, its own actor. */
final class TestEvents {

  private TestEvents() {}

  /** The creation of volume {@code v<i>}, stamped {@code i + 1}. */
  static DockerEvent volume(int i) throws Exception {
    return volume(i, i + 1);
  }

  /** The creation of volume {@code v<i>}, stamped {@code timeNano}. */
  static DockerEvent volume(int i, long timeNano) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
            + i
            + "\"},\"timeNano\":"
            + timeNano
            + "}");
  }
}
