package io.github.dockereventsreactor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkSettings;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Lookup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Placeholder values from the Docker API: the engine's host name (info) and inspect. */
public final class EngineFacts implements ContainerFacts {

  private final Engine engine;
  private DockerClient client;
  private String host;

  public EngineFacts(Engine engine) {
    this.engine = engine;
  }

  synchronized DockerClient client() {
    if (client == null) {
      client = engine.client();
    }
    return client;
  }

  @Override
  public synchronized Lookup host() {
    if (host == null) {
      try {
        host = client().infoCmd().exec().getName();
      } catch (DockerException e) {
        return Lookup.missing("the engine's info endpoint failed: " + e.getMessage());
      } catch (RuntimeException e) {
        return unreachable(e);
      }
    }
    return Lookup.found(host);
  }

  /** A transport failure: docker-java wraps the socket's IOException in a RuntimeException. */
  private Lookup unreachable(RuntimeException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return Lookup.missing(
        "cannot reach the Docker engine at " + engine.address() + ": " + cause.getMessage());
  }

  @Override
  public Lookup ip(String containerId) {
    InspectContainerResponse container;
    try {
      container = client().inspectContainerCmd(containerId).exec();
    } catch (NotFoundException e) {
      return Lookup.missing("container " + containerId + " no longer exists");
    } catch (DockerException e) {
      return Lookup.missing("inspect of container " + containerId + " failed: " + e.getMessage());
    } catch (RuntimeException e) {
      return unreachable(e);
    }
    NetworkSettings settings = container.getNetworkSettings();
    if (settings == null) {
      return Lookup.missing("container " + containerId + " has no network settings");
    }
    if (settings.getIpAddress() != null && !settings.getIpAddress().isEmpty()) {
      return Lookup.found(settings.getIpAddress());
    }
    Map<String, ContainerNetwork> byName =
        new TreeMap<>(settings.getNetworks() == null ? Map.of() : settings.getNetworks());
    for (ContainerNetwork network : byName.values()) {
      if (network.getIpAddress() != null && !network.getIpAddress().isEmpty()) {
        return Lookup.found(network.getIpAddress());
      }
    }
    return Lookup.missing("container " + containerId + " has no IP address (not running, or no network)");
  }

  /**
   * What the container's healthcheck exec looks like in {@code exec_start} events (the command
   * joined with spaces; a shell healthcheck runs as {@code /bin/sh -c CMD}), or empty when it has
   * none. Throws when the container cannot be inspected.
   */
  public Optional<String> healthcheckCommand(String containerId) {
    InspectContainerResponse container = client().inspectContainerCmd(containerId).exec();
    HealthCheck healthcheck =
        container.getConfig() == null ? null : container.getConfig().getHealthcheck();
    List<String> test = healthcheck == null ? null : healthcheck.getTest();
    if (test == null || test.isEmpty() || test.get(0).equals("NONE")) {
      return Optional.empty();
    }
    if (test.get(0).equals("CMD-SHELL")) {
      return Optional.of("/bin/sh -c " + String.join(" ", test.subList(1, test.size())));
    }
    return Optional.of(String.join(" ", test.subList(1, test.size())).strip());
  }
}
