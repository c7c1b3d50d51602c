package io.github.dockereventsreactor.docker;

import io.github.dockereventsreactor.event.EngineDialect;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of engine answers, from the headers of its {@code /_ping}: Docker ({@code Server:
 * Docker/29.0.0 (linux)}) or Podman's Docker-compatible service ({@code Server: Libpod/4.3.1
 * (linux)} and a {@code Libpod-Api-Version}), with its release and the API version it speaks.
 * {@code /_ping} rather than {@code /version}: Podman answers the latter by running conmon and its
 * OCI runtime, seconds that the stream would wait at every connection.
 */
public record EngineFlavour(
    String product, String release, String apiVersion, EngineDialect dialect) {

  /** Taken for Docker until the engine has said otherwise. */
  static final EngineFlavour UNKNOWN = new EngineFlavour("Docker", "?", "?", EngineDialect.DOCKER);

  private static final Pattern SERVER = Pattern.compile("^([^/\\s]+)/(\\S+)");

  static EngineFlavour of(Map<String, List<String>> headers) {
    String server = header(headers, "Server").orElse("");
    boolean podman =
        header(headers, "Libpod-Api-Version").isPresent() || server.startsWith("Libpod/");
    Matcher product = SERVER.matcher(server);
    return new EngineFlavour(
        podman ? "Podman" : "Docker",
        product.find() ? product.group(2) : "?",
        header(headers, "Api-Version").orElse("?"),
        podman ? EngineDialect.PODMAN : EngineDialect.DOCKER);
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
        .map(h -> h.getValue().get(0))
        .findFirst();
  }

  /** For the log: {@code Podman 4.3.1 (API 1.41)}. */
  public String describe() {
    return product + " " + release + " (API " + apiVersion + ")";
  }
}
