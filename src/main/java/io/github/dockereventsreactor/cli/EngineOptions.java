package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.rules.Settings;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which engine to talk to: the flag, else DOCKER_HOST, else the file's reactor.docker_host. */
final class EngineOptions {

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description =
          "The Docker engine, as unix:///var/run/docker.sock or tcp://host:2376. Default:"
              + " DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), else"
              + " reactor.docker_host in the rules file, else the local Unix socket.")
  String dockerHost;

  Engine engine(Settings settings) {
    Optional<String> host = Optional.ofNullable(dockerHost);
    if (host.isEmpty() && System.getenv("DOCKER_HOST") == null) {
      host = settings.dockerHost();
    }
    return Engine.connect(host);
  }
}
