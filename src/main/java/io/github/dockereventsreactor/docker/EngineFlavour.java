package io.github.dockereventsreactor.docker;

import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import io.github.dockereventsreactor.event.EngineDialect;
import java.util.List;
import java.util.Optional;

/**
 * What kind of engine answers, from its {@code /version}: Docker, or Podman's Docker-compatible
 * service (a component named "Podman Engine"), with its release and the API version it speaks.
 */
public record EngineFlavour(String product, String release, String apiVersion, EngineDialect dialect) {

  /** Taken for Docker until the engine has said otherwise. */
  static final EngineFlavour UNKNOWN = new EngineFlavour("Docker", "?", "?", EngineDialect.DOCKER);

  static EngineFlavour of(Version version) {
    List<VersionComponent> components =
        Optional.ofNullable(version.getComponents()).orElse(List.of());
    boolean podman =
        components.stream().anyMatch(c -> String.valueOf(c.getName()).startsWith("Podman"));
    return new EngineFlavour(
        podman ? "Podman" : "Docker",
        String.valueOf(version.getVersion()),
        String.valueOf(version.getApiVersion()),
        podman ? EngineDialect.PODMAN : EngineDialect.DOCKER);
  }

  /** For the log: {@code Podman 4.3.1 (API 1.41)}. */
  public String describe() {
    return product + " " + release + " (API " + apiVersion + ")";
  }
}
