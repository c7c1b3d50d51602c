package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineAddress;
import io.github.dockereventsreactor.docker.EngineLocator;
import io.github.dockereventsreactor.rules.Settings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which engine to talk to: the flag, else DOCKER_HOST, else the file's reactor.docker_host, else
 * the current Docker context, else the system socket.
 */
final class EngineOptions {

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description =
          "The Docker engine, as unix:///var/run/docker.sock or tcp://host:2375 (TLS with"
              + " DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or reactor.tls). Default: DOCKER_HOST,"
              + " else reactor.docker_host in the rules file, else the current Docker context,"
              + " else the local Unix socket.")
  String dockerHost;

  Engine engine(Settings settings) {
    return Engine.connect(address(settings));
  }

  EngineAddress address(Settings settings) {
    return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")))
        .locate(
            Optional.ofNullable(dockerHost),
            settings.dockerHost(),
            settings.engine().tlsCertPath());
  }
}
