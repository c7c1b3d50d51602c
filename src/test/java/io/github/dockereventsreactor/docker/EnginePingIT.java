package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pings against the system engine (dockerd on /var/run/docker.sock): an IT, since unit tests run
 * without one.
 */
class EnginePingIT {

  @Test
  void pingsOneAfterAnotherShareOneClient() throws Exception {
    try (Engine engine =
        Engine.connect(EngineAddress.plain(EngineAddress.DEFAULT_SOCKET, "the test"))) {
      String first = engine.negotiateApiVersion();

      assertThat(engine.negotiateApiVersion()).isEqualTo(first).matches("[0-9]+\\.[0-9]+");
      assertThat(engine.negotiateApiVersion()).isEqualTo(first);
      assertThat(engine.pingClients()).isEqualTo(1);
    }
  }
}
