package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate directory that cannot give TLS stops the start, naming what is wrong. */
class EngineTlsTest {

  private static final URI HOST = URI.create("tcp://127.0.0.1:2376");

  @TempDir Path dir;

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> Engine.connect(new EngineAddress(HOST, Optional.of(missing), "test")))
        .isInstanceOf(EngineException.class)
        .hasMessage("Certificate path (DOCKER_CERT_PATH) '" + missing + "' doesn't exist.");
  }

  /**
   * Never plain HTTP instead: docker-java's directory reader gave no TLS when a file was missing.
   */
  @Test
  void aMissingFileOfTheThreeIsNamed() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "");
    assertThatThrownBy(() -> Engine.connect(new EngineAddress(HOST, Optional.of(dir), "test")))
        .isInstanceOf(EngineException.class)
        .hasMessage("TLS with " + HOST + ": " + dir.resolve("key.pem") + ": no such file");
  }
}
