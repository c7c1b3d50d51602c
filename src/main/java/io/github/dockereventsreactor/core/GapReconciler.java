package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile of a reactor's containers: at the first connection the engine's list fills the
 * roster; after a gap it is compared with the roster, and what appeared or vanished unseen is
 * reported and routed as synthetic events. The listing runs on {@code executor}, never on the
 * reading thread.
 */
final class GapReconciler {

  // The reactor's logger: its lines are the reactor's, as the logs have always named them.
  private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

  private final ContainerRoster roster;
  private final ContainerLister lister;
  // The engine's time (the local clock set by its Date headers): the stamp of the events a
  // reconcile makes up, in the same time line as the events they stand for.
  private final EngineClock clock;
  private final Executor executor;
  private final ReactorListener listener;
  private final Consumer<DockerEvent> route;

  GapReconciler(
      ContainerRoster roster,
      ContainerLister lister,
      EngineClock clock,
      Executor executor,
      ReactorListener listener,
      Consumer<DockerEvent> route) {
    this.roster = roster;
    this.lister = lister;
    this.clock = clock;
    this.executor = executor;
    this.listener = listener;
    this.route = route;
  }

  /** The first connection: the roster learns the containers that exist. */
  void connected() {
    executor.execute(() -> list().ifPresent(roster::reconcile));
  }

  /** A gap in the stream: what was missed is found and routed. */
  void gap() {
    executor.execute(() -> list().ifPresent(listed -> reconcile(listed, clock.nowNanos())));
  }

  private Optional<List<ContainerSummary>> list() {
    try {
      return Optional.of(lister.containers());
    } catch (RuntimeException e) {
      LOG.warn("cannot list the engine's containers to find what was missed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * After a gap in the stream: compares the engine's containers with what the events said, reports
   * the difference, and hands rules with {@code reconcile: true} a synthetic {@code start} for each
   * running container that appeared unseen and a {@code destroy} for each that vanished.
   */
  void reconcile(List<ContainerSummary> listed, long nowNanos) {
    ContainerRoster.Difference difference = roster.reconcile(listed);
    if (difference.isEmpty()) {
      LOG.info("after the gap, the engine's containers are the ones the events told of");
      return;
    }
    for (ContainerSummary c : difference.appeared()) {
      LOG.warn("missed during the gap: container {} ({}) appeared", c.name(), shortId(c.id()));
      if (c.running()) {
        route.accept(synthetic("start", c, nowNanos));
      }
    }
    for (ContainerSummary c : difference.vanished()) {
      LOG.warn("missed during the gap: container {} ({}) vanished", c.name(), shortId(c.id()));
      route.accept(synthetic("destroy", c, nowNanos));
    }
    listener.gap(difference.appeared().size(), difference.vanished().size());
  }

  private static DockerEvent synthetic(String action, ContainerSummary c, long nowNanos) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("name", c.name());
    if (!c.image().isEmpty()) {
      attributes.put("image", c.image());
    }
    return EventJson.synthetic("container", action, new Actor(c.id(), attributes), nowNanos);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
