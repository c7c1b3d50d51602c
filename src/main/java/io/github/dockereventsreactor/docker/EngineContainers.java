package io.github.dockereventsreactor.docker;

import com.github.dockerjava.api.model.Container;
import io.github.dockereventsreactor.engine.ContainerLister;
import io.github.dockereventsreactor.engine.ContainerSummary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The engine's container list, running or not, through the typed API, within the request deadline.
 */
public final class EngineContainers implements ContainerLister {

  private final EngineFacts facts;

  public EngineContainers(EngineFacts facts) {
    this.facts = facts;
  }

  @Override
  public List<ContainerSummary> containers() {
    return facts.containers().stream().map(EngineContainers::summary).collect(Collectors.toList());
  }

  private static ContainerSummary summary(Container c) {
    String[] names = c.getNames();
    // The list API names a container "/name", the events API "name".
    String name = names == null || names.length == 0 ? "" : names[0].replaceFirst("^/", "");
    return new ContainerSummary(
        c.getId(), name, c.getImage() == null ? "" : c.getImage(), "running".equals(c.getState()));
  }
}
