package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Which engine to talk to, first found wins: the {@code --docker-host} flag, {@code DOCKER_HOST},
 * the rules file's {@code reactor.docker_host}, the current Docker context ({@code DOCKER_CONTEXT}
 * or the Docker CLI's {@code currentContext}), the system socket. TLS comes with the host: {@code
 * DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} or the file's {@code reactor.tls} for an explicit
 * host, the context's own certificates for a context.
 */
public final class EngineLocator {

  private final Map<String, String> env;
  private final Path home;

  /** Reads the environment as given and the Docker CLI's files under {@code home}. */
  public EngineLocator(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /**
   * The engine to use.
   *
   * @param flag the {@code --docker-host} option
   * @param fileHost the rules file's {@code reactor.docker_host}
   * @param fileTls the rules file's {@code reactor.tls.cert_path}
   * @throws IllegalArgumentException for a host the reactor cannot speak to (ssh://, a typo), or a
   *     context that does not exist
   */
  public EngineAddress locate(
      Optional<String> flag, Optional<String> fileHost, Optional<String> fileTls) {
    if (flag.isPresent()) {
      return explicit(flag.get(), "--docker-host", fileTls);
    }
    Optional<String> envHost = variable("DOCKER_HOST");
    if (envHost.isPresent()) {
      return explicit(envHost.get(), "DOCKER_HOST", fileTls);
    }
    if (fileHost.isPresent()) {
      return explicit(fileHost.get(), "reactor.docker_host", fileTls);
    }
    Optional<String> context = variable("DOCKER_CONTEXT").or(this::currentContext);
    if (context.isPresent() && !context.get().equals("default")) {
      return fromContext(context.get());
    }
    return EngineAddress.plain(EngineAddress.DEFAULT_SOCKET, "the default socket");
  }

  /**
   * An engine of the file's {@code reactor.engines}: its host and its own TLS directory, and
   * nothing from the environment ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, contexts), which
   * speaks of one engine and cannot say which of the list it means.
   *
   * @throws IllegalArgumentException for a host the reactor cannot speak to
   */
  public static EngineAddress listed(String name, String host, Optional<String> tls) {
    String source = "reactor.engines (" + name + ")";
    URI uri = supported(host, source);
    return uri.getScheme().equals("tcp")
        ? new EngineAddress(uri, tls.map(Path::of), source)
        : EngineAddress.plain(uri, source);
  }

  private EngineAddress explicit(String host, String source, Optional<String> fileTls) {
    URI uri = supported(host, source);
    if (!uri.getScheme().equals("tcp")) {
      return EngineAddress.plain(uri, source);
    }
    // Docker's CLI turns verification on for any non-empty DOCKER_TLS_VERIFY, "0" included.
    Optional<Path> tls =
        variable("DOCKER_TLS_VERIFY")
            .map(on -> variable("DOCKER_CERT_PATH").map(Path::of).orElse(configDir()))
            .or(() -> fileTls.map(Path::of));
    return new EngineAddress(uri, tls, source);
  }

  private static URI supported(String host, String source) {
    URI uri;
    try {
      uri = URI.create(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": \"" + host + "\" is not a URL: " + e.getMessage());
    }
    String scheme = String.valueOf(uri.getScheme());
    if (scheme.equals("ssh")) {
      throw new IllegalArgumentException(
          source
              + ": \""
              + host
              + "\": ssh:// engines are not supported; the reactor speaks to"
              + " unix:///path/to/docker.sock and tcp://host:port (plain, or TLS with DOCKER_TLS_VERIFY"
              + " and DOCKER_CERT_PATH). Forward the remote socket instead: ssh -nNT -L"
              + " /run/reactor/docker.sock:/var/run/docker.sock HOST, then use"
              + " unix:///run/reactor/docker.sock");
    }
    boolean unix = scheme.equals("unix") && uri.getPath() != null && !uri.getPath().isEmpty();
    boolean tcp = scheme.equals("tcp") && uri.getHost() != null && uri.getPort() > 0;
    if (!unix && !tcp) {
      throw new IllegalArgumentException(
          source
              + ": \""
              + host
              + "\" is not an engine address the reactor supports:"
              + " unix:///path/to/docker.sock or tcp://host:port");
    }
    return uri;
  }

  private Optional<String> variable(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  private Path configDir() {
    return variable("DOCKER_CONFIG").map(Path::of).orElse(home.resolve(".docker"));
  }

  private Optional<String> currentContext() {
    Path config = configDir().resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    return Optional.of(read(config).path("currentContext").asText("")).filter(c -> !c.isEmpty());
  }

  /**
   * A context's endpoint, where the Docker CLI keeps it: files named by the SHA-256 of its name.
   */
  private EngineAddress fromContext(String name) {
    String source = "the Docker context \"" + name + "\"";
    String id = sha256(name);
    Path meta = configDir().resolve("contexts/meta").resolve(id).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new IllegalArgumentException(source + " does not exist (no " + meta + ")");
    }
    JsonNode docker = read(meta).path("Endpoints").path("docker");
    String host = docker.path("Host").asText("");
    if (host.isEmpty()) {
      throw new IllegalArgumentException(source + " has no Docker endpoint in " + meta);
    }
    URI uri = supported(host, source);
    Path tls = configDir().resolve("contexts/tls").resolve(id).resolve("docker");
    if (!uri.getScheme().equals("tcp") || !Files.isDirectory(tls)) {
      return EngineAddress.plain(uri, source);
    }
    if (docker.path("SkipTLSVerify").asBoolean(false)) {
      throw new IllegalArgumentException(
          source
              + " skips TLS verification, which the reactor does not do: give it the engine's CA");
    }
    return new EngineAddress(uri, Optional.of(tls), source);
  }

  private static JsonNode read(Path file) {
    try {
      return Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Data binding loaded only when there is a Docker CLI file to read: a reactor on the default
   * socket would otherwise keep some 300 of its classes for nothing.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
