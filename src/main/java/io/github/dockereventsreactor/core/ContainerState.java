package io.github.dockereventsreactor.core;

import java.util.Optional;

/**
 * A container as the engine describes it just before an action: its full ID, name, status ({@code
 * created}, {@code running}, {@code paused}, {@code restarting}, {@code exited}, {@code dead}) and
 * health status when it has a healthcheck.
 */
public record ContainerState(String id, String name, String status, Optional<String> health) {

  public boolean running() {
    return "running".equals(status);
  }

  /** The name, or the short ID of a container without one, for the log. */
  public String shown() {
    String shortId = id.length() > 12 ? id.substring(0, 12) : id;
    return name.isEmpty() ? shortId : name + " (" + shortId + ")";
  }
}
