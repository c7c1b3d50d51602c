package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.EngineDialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineFlavourTest {

  @Test
  void podmanSaysLibpodInItsPingHeaders() {
    // As Podman 4.3.1's /_ping answers.
    EngineFlavour flavour =
        EngineFlavour.of(
            Map.of(
                "Api-Version", List.of("1.41"),
                "Libpod-Api-Version", List.of("4.3.1"),
                "Server", List.of("Libpod/4.3.1 (linux)"),
                "Docker-Experimental", List.of("true")));

    assertThat(flavour)
        .isEqualTo(new EngineFlavour("Podman", "4.3.1", "1.41", EngineDialect.PODMAN));
    assertThat(flavour.describe()).isEqualTo("Podman 4.3.1 (API 1.41)");
  }

  @Test
  void dockerSaysDockerAndHeaderNamesAreCaseInsensitive() {
    EngineFlavour flavour =
        EngineFlavour.of(
            Map.of("api-version", List.of("1.52"), "server", List.of("Docker/29.0.0 (linux)")));

    assertThat(flavour)
        .isEqualTo(new EngineFlavour("Docker", "29.0.0", "1.52", EngineDialect.DOCKER));
  }

  @Test
  void anEngineWithoutHeadersIsTakenForDocker() {
    assertThat(EngineFlavour.of(Map.of()).describe()).isEqualTo("Docker ? (API ?)");
  }
}
