package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.daemon.EngineTarget;
import io.github.dockereventsreactor.docker.EngineAddress;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.rules.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which engines {@code run} reads when the file lists them, and how the flag meets the list. */
class EngineOptionsTest {

  private static Settings listing() throws Exception {
    return RulesLoader.parse(
            "t.yml",
            """
            events_reactor:
              R:
                run: [echo]
            reactor:
              engines:
                - {name: docker, host: 'unix:///var/run/docker.sock'}
                - {name: edge, host: 'tcp://127.0.0.1:2376', tls: {cert_path: /etc/edge}}
            """)
        .settings();
  }

  @Test
  void theFilesListIsReadAsWrittenEachEngineWithItsOwnTls() throws Exception {
    EngineOptions options = new EngineOptions();

    assertThat(options.targets(listing()))
        .containsExactly(
            new EngineTarget(
                "docker",
                EngineAddress.plain(
                    URI.create("unix:///var/run/docker.sock"), "reactor.engines (docker)")),
            new EngineTarget(
                "edge",
                new EngineAddress(
                    URI.create("tcp://127.0.0.1:2376"),
                    Optional.of(Path.of("/etc/edge")),
                    "reactor.engines (edge)")));
    assertThat(options.engineName(listing())).isEqualTo("docker");
  }

  @Test
  void aFlagBesideTheListIsAnError() throws Exception {
    EngineOptions options = new EngineOptions();
    options.dockerHost = "unix:///run/other.sock";

    assertThatThrownBy(() -> options.targets(listing()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--docker-host unix:///run/other.sock and the rules file's reactor.engines both say"
                + " which engines to read: the file's list is authoritative; drop the flag, or add"
                + " the engine to the list");
    assertThat(options.engineName(listing())).isEqualTo("default");
  }

  @Test
  void withoutAListTheOneEngineIsNamedDefault() {
    EngineOptions options = new EngineOptions();
    options.dockerHost = "unix:///run/other.sock";

    assertThat(options.targets(Settings.DEFAULTS))
        .containsExactly(
            new EngineTarget(
                "default",
                EngineAddress.plain(URI.create("unix:///run/other.sock"), "--docker-host")));
  }
}
