package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.util.function.Supplier;

/** Asks the engine's {@code /_ping} what it is; its headers come within the request deadline. */
final class FlavourProbe implements Supplier<EngineFlavour> {

  private final Engine engine;

  FlavourProbe(Engine engine) {
    this.engine = engine;
  }

  @Override
  public EngineFlavour get() {
    try (DockerHttpClient.Response response = engine.stream("/_ping")) {
      if (response.getStatusCode() != 200) {
        throw new EngineException("/_ping answered HTTP " + response.getStatusCode());
      }
      return EngineFlavour.of(response.getHeaders());
    }
  }
}
