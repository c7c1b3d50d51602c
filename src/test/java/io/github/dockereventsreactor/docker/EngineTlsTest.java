package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate directory read as the Docker CLI reads it; one that cannot give TLS stops the
 * start, naming what is wrong. The handshakes: TcpIT.
 */
class EngineTlsTest {

  private static final URI HOST = URI.create("tcp://127.0.0.1:2376");

  @TempDir Path dir;

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> connect(missing))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "test: the TLS certificate directory "
                + missing
                + " does not exist: give cert_path (or DOCKER_CERT_PATH) the directory that holds"
                + " ca.pem, cert.pem and key.pem");
  }

  /**
   * Never plain HTTP instead: docker-java's directory reader gave no TLS when a file was missing.
   */
  @Test
  void aClientCertificateWithoutItsKeyIsNamed() throws Exception {
    Files.writeString(dir.resolve("cert.pem"), "");
    assertThatThrownBy(() -> connect(dir))
        .isInstanceOf(EngineException.class)
        .hasMessage("TLS with " + HOST + ": " + dir.resolve("cert.pem") + " without its key file");
  }

  @Test
  void aCaThatHoldsNoCertificateIsNamed() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "");
    assertThatThrownBy(() -> connect(dir))
        .hasMessage(
            "TLS with " + HOST + ": " + dir.resolve("ca.pem") + ": no PEM certificate in it");
  }

  /** Neither file: TLS verified against the JVM's authorities, no client certificate. */
  @Test
  void anEmptyDirectoryGivesTlsWithTheJvmsAuthorities() {
    assertThatCode(() -> connect(dir).close()).doesNotThrowAnyException();
  }

  private static Engine connect(Path tls) {
    return Engine.connect(new EngineAddress(HOST, Optional.of(tls), "test"));
  }
}
