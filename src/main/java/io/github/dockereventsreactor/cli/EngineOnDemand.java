package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Settings;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Inspection;
import io.github.dockereventsreactor.template.Lookup;
import org.jspecify.annotations.Nullable;

/**
 * The engine's facts for {@code replay}, reached only when a rendering asks for one ({@code
 * %%host%%}, {@code %%ip%%}, {@code %%container.…%%}, {@code %%event.id%%}): a replay whose rules
 * need none never builds a client, so it never tries to connect and never loads the Docker client
 * and its HTTP and TLS stack, most of what a replay's start-up would load.
 */
final class EngineOnDemand implements ContainerFacts, AutoCloseable {

  private final EngineOptions options;
  private final Settings settings;
  private @Nullable Engine engine;
  private @Nullable EngineFacts facts;

  EngineOnDemand(EngineOptions options, Settings settings) {
    this.options = options;
    this.settings = settings;
  }

  private synchronized ContainerFacts facts() {
    if (facts == null) {
      engine = options.engine(settings);
      facts = new EngineFacts(engine, engineName());
    }
    return facts;
  }

  /** Known without the engine: the file or the flag names it. */
  @Override
  public String engineName() {
    return options.engineName(settings);
  }

  @Override
  public Lookup host() {
    return facts().host();
  }

  @Override
  public Lookup engineId() {
    return facts().engineId();
  }

  @Override
  public Inspection inspect(DockerEvent event) {
    return facts().inspect(event);
  }

  /** Replay keeps no inspect cache fresh: nothing to see before the renderings. */
  @Override
  public void observe(DockerEvent event) {}

  @Override
  public synchronized void close() throws java.io.IOException {
    if (engine != null) {
      engine.close();
    }
  }
}
