package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.daemon.EngineTarget;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineAddress;
import io.github.dockereventsreactor.docker.EngineLocator;
import io.github.dockereventsreactor.rules.NamedEngine;
import io.github.dockereventsreactor.rules.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Which engine to talk to: the flag, else DOCKER_HOST, else the file's reactor.docker_host, else
 * the current Docker context, else the system socket. A file with {@code reactor.engines} names its
 * engines itself: the list is authoritative, {@code --docker-host} beside it is an error (two
 * answers to one question), and {@code DOCKER_HOST} (often set for the whole host) is ignored and
 * said so.
 */
final class EngineOptions {

  private static final Logger LOG = LoggerFactory.getLogger(EngineOptions.class);

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description =
          "The Docker engine, as unix:///var/run/docker.sock or tcp://host:2375 (TLS with"
              + " DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or reactor.tls). Default: DOCKER_HOST,"
              + " else reactor.docker_host in the rules file, else the current Docker context,"
              + " else the local Unix socket.")
  @Nullable String dockerHost;

  /**
   * The engines {@code run} reads: the file's {@code reactor.engines}, else the one engine found as
   * {@link #address} finds it, named "default".
   *
   * @throws IllegalArgumentException for {@code --docker-host} beside {@code reactor.engines}, or a
   *     host the reactor cannot speak to
   */
  List<EngineTarget> targets(Settings settings) {
    if (settings.engines().isEmpty()) {
      return List.of(new EngineTarget(Settings.DEFAULT_ENGINE, address(settings)));
    }
    if (dockerHost != null) {
      throw new IllegalArgumentException(
          "--docker-host "
              + dockerHost
              + " and the rules file's reactor.engines both say which engines to read: the file's"
              + " list is authoritative; drop the flag, or add the engine to the list");
    }
    String environment = System.getenv("DOCKER_HOST");
    if (environment != null && !environment.isEmpty()) {
      LOG.info(
          "DOCKER_HOST={} is not used: reactor.engines in the rules file lists the engines",
          environment);
    }
    List<EngineTarget> targets = new ArrayList<>();
    for (NamedEngine engine : settings.engines()) {
      targets.add(
          new EngineTarget(
              engine.name(),
              EngineLocator.listed(engine.name(), engine.host(), engine.tlsCertPath())));
    }
    return targets;
  }

  /** The name of the engine {@link #address} finds: the first of the list's, else "default". */
  String engineName(Settings settings) {
    return dockerHost == null && !settings.engines().isEmpty()
        ? settings.engines().get(0).name()
        : Settings.DEFAULT_ENGINE;
  }

  Engine engine(Settings settings) {
    return Engine.connect(address(settings), settings.maxEventBytes());
  }

  /**
   * The one engine of {@code explain} and {@code replay}: with {@code reactor.engines} and no flag,
   * the first of the list.
   */
  EngineAddress address(Settings settings) {
    if (dockerHost == null && !settings.engines().isEmpty()) {
      NamedEngine first = settings.engines().get(0);
      return EngineLocator.listed(first.name(), first.host(), first.tlsCertPath());
    }
    return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")))
        .locate(
            Optional.ofNullable(dockerHost),
            settings.dockerHost(),
            settings.engine().tlsCertPath());
  }
}
