package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.core.ContainerSummary;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Inspection;
import io.github.dockereventsreactor.template.Lookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placeholder values from the Docker API: the engine's host name (info) and containers' inspect
 * documents. The last document of every container is kept — filled on create, start and network
 * connect, dropped a while after destroy — because inspect races a start and fails after destroy,
 * and after die the engine no longer shows the container's addresses: {@code die}, {@code stop} and
 * {@code destroy} resolve the last-known values.
 */
public final class EngineFacts implements ContainerFacts {

  private static final Logger LOG = LoggerFactory.getLogger(EngineFacts.class);

  /** Actions after which the live document has lost what the rules usually want (addresses). */
  private static final Set<String> ENDING = Set.of("kill", "die", "oom", "stop", "destroy");

  private static final long FORGET_AFTER_DESTROY_NANOS = 5L * 60 * 1_000_000_000L;
  private static final int REMEMBERED = 10_000;

  private final Engine engine;
  private final String name;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  // Refreshing the cache calls the engine: never on the reading thread.
  private final ExecutorService refresher =
      Executors.newSingleThreadExecutor(Engine.daemon("inspect cache"));
  // Set once and never changed; two threads that race to set it set the same value.
  private volatile @Nullable Identity identity;

  /** The engine's host name and its id for event ids (its info ID, else its name). */
  private record Identity(String host, String id) {}

  /** The last document of a container, and when it was destroyed (0: not yet). */
  private record Known(InspectDocument document, long destroyedAt) {}

  public EngineFacts(Engine engine) {
    this(engine, DEFAULT_ENGINE);
  }

  /** The facts of the engine the reactor knows by {@code name}. */
  public EngineFacts(Engine engine, String name) {
    this.engine = engine;
    this.name = name;
  }

  @Override
  public String engineName() {
    return name;
  }

  /** Not synchronized: every lane rendering %%host%% would queue behind one slow answer. */
  @Override
  public Lookup host() {
    return identity(Identity::host);
  }

  /** The engine's info ID; an engine without a stable one (Podman) by its host name. */
  @Override
  public Lookup engineId() {
    return identity(Identity::id);
  }

  /** A part of the engine's identity from /info, asked until the engine answers once. */
  private Lookup identity(Function<Identity, String> part) {
    Identity known = identity;
    if (known == null) {
      try {
        EngineAnswers.Info info = info();
        // Docker's ID is the daemon's for good; Podman (4.3) answers a new random one on every
        // call, which would give one event a new id at each restart and make its journal look
        // like another engine's: an ID that does not repeat is no identity, the host name is.
        EngineAnswers.Info again = info();
        String id =
            info.id() == null || info.id().isEmpty() || !info.id().equals(again.id())
                ? "name:" + info.name()
                : info.id();
        known = new Identity(info.name(), id);
        identity = known;
      } catch (EngineException.Status e) {
        return Lookup.missing("the engine's info endpoint failed: " + e.getMessage());
      } catch (RuntimeException e) {
        return Lookup.missing(unreachable(e));
      }
    }
    return Lookup.found(part.apply(known));
  }

  private EngineAnswers.Info info() {
    return engine
        .read("/info", "/info", EngineAnswers::info)
        .orElseThrow(() -> new EngineException.Status("/info answered HTTP 404"));
  }

  /** A transport failure: docker-java wraps the socket's IOException in a RuntimeException. */
  private String unreachable(RuntimeException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return "cannot reach the Docker engine at " + engine.address() + ": " + cause.getMessage();
  }

  @Override
  public Inspection inspect(DockerEvent event) {
    String id = event.actor().id();
    Known last = known.get(id);
    if (last != null && ENDING.contains(event.verb())) {
      return new Inspection.Found(last.document());
    }
    try {
      Optional<InspectDocument> live = fetch(id);
      if (live.isPresent()) {
        return new Inspection.Found(live.get());
      }
      return last != null
          ? new Inspection.Found(last.document())
          : new Inspection.Missing("container " + id + " no longer exists");
    } catch (RuntimeException e) {
      if (last != null) {
        return new Inspection.Found(last.document());
      }
      return new Inspection.Missing(
          e instanceof EngineException ? String.valueOf(e.getMessage()) : unreachable(e));
    }
  }

  /** The live document, kept as the last known one when it shows an address. */
  private Optional<InspectDocument> fetch(String id) {
    Optional<InspectDocument> document =
        engine
            .inspect(id)
            .map(
                text -> {
                  try {
                    return new InspectDocument(text);
                  } catch (IOException e) {
                    throw new EngineException(
                        "inspect of " + id + " is not JSON: " + e.getMessage());
                  }
                });
    document.ifPresent(
        d -> {
          Known previous = known.get(id);
          if (d.hasAddress() || previous == null) {
            known.put(id, new Known(d, 0));
          }
        });
    return document;
  }

  @Override
  public void observe(DockerEvent event) {
    String id = containerOf(event);
    if (id == null) {
      return;
    }
    switch (event.verb()) {
      case "create", "start", "connect", "rename" -> refresher.execute(() -> refresh(id));
      case "destroy" -> {
        known.computeIfPresent(id, (k, v) -> new Known(v.document(), System.nanoTime()));
        refresher.execute(this::forgetDestroyed);
      }
      default -> {}
    }
  }

  /** The container an event is about: its actor, or the container a network event names. */
  private static @Nullable String containerOf(DockerEvent event) {
    if ("container".equals(event.type())) {
      return event.actor().id();
    }
    if ("network".equals(event.type()) && event.verb().equals("connect")) {
      return event.actor().attribute("container").orElse(null);
    }
    return null;
  }

  private void refresh(String id) {
    try {
      fetch(id);
    } catch (RuntimeException e) {
      LOG.debug("cannot refresh the inspect of {}: {}", id, e.getMessage());
    }
  }

  private void forgetDestroyed() {
    long now = System.nanoTime();
    known
        .values()
        .removeIf(k -> k.destroyedAt() != 0 && now - k.destroyedAt() > FORGET_AFTER_DESTROY_NANOS);
    if (known.size() > REMEMBERED) {
      known.entrySet().removeIf(e -> e.getValue().destroyedAt() != 0);
    }
  }

  /** At the first connection: the documents of the containers that already exist. */
  public void learnExisting() {
    refresher.execute(
        () -> {
          try {
            containers().forEach(c -> refresh(c.id()));
          } catch (RuntimeException e) {
            LOG.warn(
                "cannot list the engine's containers to learn their addresses: {}", e.getMessage());
          }
        });
  }

  /** Every container, running or not. */
  List<ContainerSummary> containers() {
    return engine
        .read("/containers/json", "/containers/json?all=true", EngineAnswers::containers)
        .orElseThrow(() -> new EngineException("/containers/json answered HTTP 404"));
  }

  /**
   * What the container's healthcheck exec looks like in {@code exec_start} events (the command
   * joined with spaces; a shell healthcheck runs as {@code /bin/sh -c CMD}), or empty when it has
   * none. Throws when the container cannot be inspected.
   */
  public Optional<String> healthcheckCommand(String containerId) {
    String document =
        engine
            .inspect(containerId)
            .orElseThrow(() -> new EngineException("no such container: " + containerId));
    List<String> test = new ArrayList<>();
    try {
      Healthchecks.JSON
          .readTree(document)
          .path("Config")
          .path("Healthcheck")
          .path("Test")
          .forEach(t -> test.add(t.asText()));
    } catch (IOException e) {
      throw new EngineException("inspect of " + containerId + " is not JSON: " + e.getMessage());
    }
    if (test.isEmpty() || test.get(0).equals("NONE")) {
      return Optional.empty();
    }
    if (test.get(0).equals("CMD-SHELL")) {
      return Optional.of("/bin/sh -c " + String.join(" ", test.subList(1, test.size())));
    }
    return Optional.of(String.join(" ", test.subList(1, test.size())).strip());
  }

  /** Data binding only once the metrics ask for a healthcheck. */
  private static final class Healthchecks {
    static final ObjectMapper JSON = new ObjectMapper();
  }
}
