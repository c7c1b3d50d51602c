package io.github.dockereventsreactor.template;

/** What placeholders need from the Docker API rather than from the event itself. */
public interface ContainerFacts {

  /** The engine's host name, from its info endpoint. */
  Lookup host();

  /**
   * The container's IP address: NetworkSettings.IPAddress, else the address on the first of its
   * networks in name order.
   */
  Lookup ip(String containerId);
}
