package io.github.dockereventsreactor.ruletest;

import io.github.dockereventsreactor.docker.InspectDocument;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Inspection;
import io.github.dockereventsreactor.template.Lookup;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The engine as a case describes it: its host name (also its identity, for {@code %%event.id%%})
 * and the inspect documents of its containers, by ID or name. A container the case gives no
 * document for is missing, as a container the engine no longer knows is.
 */
final class CaseFacts implements ContainerFacts {

  private final Map<String, String> documents;
  private final String host;

  CaseFacts(Map<String, String> documents, String host) {
    this.documents = documents;
    this.host = host;
  }

  @Override
  public Lookup host() {
    return Lookup.found(host);
  }

  @Override
  public Lookup engineId() {
    return Lookup.found(host);
  }

  @Override
  public Inspection inspect(DockerEvent event) {
    if (!event.type().equals("container")) {
      return new Inspection.Missing("not a container event");
    }
    String document = documents.get(event.actor().id());
    Optional<String> name = event.actor().attribute("name");
    if (document == null && name.isPresent()) {
      document = documents.get(name.get());
    }
    if (document == null) {
      return new Inspection.Missing(
          "the case has no inspect document for container "
              + name.orElse(event.actor().id())
              + " (add one under inspect:)");
    }
    try {
      return new Inspection.Found(new InspectDocument(document));
    } catch (IOException e) {
      return new Inspection.Missing("its inspect document is not JSON");
    }
  }

  /** A case's documents are fixed: nothing to keep fresh. */
  @Override
  public void observe(DockerEvent event) {}
}
