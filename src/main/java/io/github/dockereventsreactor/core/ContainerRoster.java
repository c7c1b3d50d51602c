package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The containers the reactor knows of, kept from the events, so that after a gap in the stream a
 * fresh list from the engine shows which containers appeared or vanished unseen.
 */
final class ContainerRoster {

  /** What changed unseen: containers now listed but unknown, and known ones no longer listed. */
  record Difference(List<ContainerSummary> appeared, List<ContainerSummary> vanished) {
    boolean isEmpty() {
      return appeared.isEmpty() && vanished.isEmpty();
    }
  }

  private Map<String, ContainerSummary> known = new HashMap<>();

  synchronized void observe(DockerEvent event) {
    if (!"container".equals(event.type())) {
      return;
    }
    String id = event.actor().id();
    // The attributes are read only for the few actions that change what is known: most container
    // events (exec_*, health_status, attach, ...) change nothing here.
    switch (event.verb()) {
      case "create", "die" -> known.put(id, summary(event, false));
      case "start", "unpause" -> known.put(id, summary(event, true));
      case "rename" -> {
        String name = event.actor().attribute("name").orElse("");
        known.computeIfPresent(
            id, (k, c) -> new ContainerSummary(id, name, c.image(), c.running()));
      }
      case "destroy" -> known.remove(id);
      default -> {}
    }
  }

  private static ContainerSummary summary(DockerEvent event, boolean running) {
    Actor actor = event.actor();
    return new ContainerSummary(
        actor.id(),
        actor.attribute("name").orElse(""),
        actor.attribute("image").orElse(""),
        running);
  }

  /** Replaces what is known with the engine's list and returns the difference. */
  synchronized Difference reconcile(List<ContainerSummary> listed) {
    Map<String, ContainerSummary> now = new HashMap<>();
    listed.forEach(c -> now.put(c.id(), c));
    List<ContainerSummary> appeared = new ArrayList<>();
    List<ContainerSummary> vanished = new ArrayList<>();
    now.values().stream().filter(c -> !known.containsKey(c.id())).forEach(appeared::add);
    known.values().stream().filter(c -> !now.containsKey(c.id())).forEach(vanished::add);
    known = now;
    return new Difference(appeared, vanished);
  }
}
