package io.github.dockereventsreactor.core;

import java.util.List;

/** Lists the engine's containers, running or not, to compare with what the events said. */
public interface ContainerLister {

  List<ContainerSummary> containers();
}
