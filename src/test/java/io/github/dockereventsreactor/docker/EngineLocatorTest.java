package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLocatorTest {

  @TempDir Path home;

  private final Map<String, String> env = new HashMap<>();
  private Optional<String> flag = Optional.empty();
  private Optional<String> fileHost = Optional.empty();
  private Optional<String> fileTls = Optional.empty();

  private EngineAddress locate() {
    return new EngineLocator(env, home).locate(flag, fileHost, fileTls);
  }

  private void context(String name, String host, boolean withTls) throws Exception {
    String id =
        HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(id));
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":false}}}");
    if (withTls) {
      Files.createDirectories(home.resolve(".docker/contexts/tls").resolve(id).resolve("docker"));
    }
  }

  private void currentContext(String name) throws Exception {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"" + name + "\"}");
  }

  @Test
  void eachSourceWinsOverEveryOneAfterIt() throws Exception {
    assertThat(locate())
        .isEqualTo(
            EngineAddress.plain(URI.create("unix:///var/run/docker.sock"), "the default socket"));
    context("remote", "tcp://10.1.2.3:2375", false);
    currentContext("remote");
    assertThat(locate().host()).hasToString("tcp://10.1.2.3:2375");
    assertThat(locate().source()).isEqualTo("the Docker context \"remote\"");
    fileHost = Optional.of("unix:///run/file.sock");
    assertThat(locate())
        .isEqualTo(EngineAddress.plain(URI.create("unix:///run/file.sock"), "reactor.docker_host"));
    env.put("DOCKER_HOST", "unix:///run/env.sock");
    assertThat(locate())
        .isEqualTo(EngineAddress.plain(URI.create("unix:///run/env.sock"), "DOCKER_HOST"));
    flag = Optional.of("tcp://127.0.0.1:2375");
    assertThat(locate())
        .isEqualTo(EngineAddress.plain(URI.create("tcp://127.0.0.1:2375"), "--docker-host"));
  }

  @Test
  void dockerContextTheVariableBeatsTheCliCurrentContextAndDefaultMeansTheSocket()
      throws Exception {
    context("a", "tcp://127.0.0.1:1001", false);
    context("b", "unix:///run/b.sock", false);
    currentContext("a");
    env.put("DOCKER_CONTEXT", "b");
    assertThat(locate().host()).hasToString("unix:///run/b.sock");
    env.put("DOCKER_CONTEXT", "default");
    assertThat(locate().host()).isEqualTo(EngineAddress.DEFAULT_SOCKET);
  }

  @Test
  void aContextWithCertificatesSpeaksTlsWithThem() throws Exception {
    context("secure", "tcp://engine.example:2376", true);
    env.put("DOCKER_CONTEXT", "secure");
    assertThat(locate().tls())
        .hasValueSatisfying(dir -> assertThat(dir).endsWith(Path.of("docker")).exists());
  }

  @Test
  void plainTcpUnlessTlsIsAskedForByTheEnvironmentOrTheFile() {
    flag = Optional.of("tcp://127.0.0.1:2375");
    assertThat(locate().tls()).isEmpty();
    fileTls = Optional.of("/etc/reactor/tls");
    assertThat(locate().tls()).contains(Path.of("/etc/reactor/tls"));
    env.put("DOCKER_TLS_VERIFY", "1");
    assertThat(locate().tls()).contains(home.resolve(".docker"));
    env.put("DOCKER_CERT_PATH", "/certs");
    assertThat(locate().tls()).contains(Path.of("/certs"));
  }

  @Test
  void aUnixSocketNeverSpeaksTls() {
    env.put("DOCKER_TLS_VERIFY", "1");
    fileHost = Optional.of("unix:///run/podman/podman.sock");
    assertThat(locate().tls()).isEmpty();
  }

  @Test
  void sshGetsAnErrorNamingWhatIsSupportedAndHowToForward() {
    env.put("DOCKER_HOST", "ssh://admin@engine");
    assertThatThrownBy(this::locate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "DOCKER_HOST: \"ssh://admin@engine\": ssh:// engines are not supported;")
        .hasMessageContaining("unix:///path/to/docker.sock and tcp://host:port")
        .hasMessageContaining("ssh -nNT -L");
  }

  @Test
  void anSshContextGetsTheSameError() throws Exception {
    context("far", "ssh://me@far", false);
    env.put("DOCKER_CONTEXT", "far");
    assertThatThrownBy(this::locate)
        .hasMessageStartingWith("the Docker context \"far\": \"ssh://me@far\": ssh://");
  }

  @Test
  void aMissingContextOrAnUnknownSchemeIsNamed() {
    env.put("DOCKER_CONTEXT", "nowhere");
    assertThatThrownBy(this::locate)
        .hasMessageStartingWith("the Docker context \"nowhere\" does not exist");
    fileHost = Optional.of("http://127.0.0.1:2375");
    assertThatThrownBy(this::locate)
        .hasMessage(
            "reactor.docker_host: \"http://127.0.0.1:2375\" is not an engine address the reactor"
                + " supports: unix:///path/to/docker.sock or tcp://host:port");
  }
}
