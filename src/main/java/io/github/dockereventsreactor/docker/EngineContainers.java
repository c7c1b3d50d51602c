package io.github.dockereventsreactor.docker;

import io.github.dockereventsreactor.core.ContainerLister;
import io.github.dockereventsreactor.core.ContainerSummary;
import java.util.List;

/** The engine's container list, running or not, within the request deadline. */
public final class EngineContainers implements ContainerLister {

  private final EngineFacts facts;

  public EngineContainers(EngineFacts facts) {
    this.facts = facts;
  }

  @Override
  public List<ContainerSummary> containers() {
    return facts.containers();
  }
}
