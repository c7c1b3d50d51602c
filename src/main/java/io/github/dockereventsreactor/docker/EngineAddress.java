package io.github.dockereventsreactor.docker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an engine is and how to reach it: its host ({@code unix://} or {@code tcp://}), the
 * directory of {@code ca.pem}, {@code cert.pem} and {@code key.pem} when it speaks TLS, and which
 * setting chose it (for the log and for error messages).
 */
public record EngineAddress(URI host, Optional<Path> tls, String source) {

  /** Docker's own default: the system engine's socket. */
  public static final URI DEFAULT_SOCKET = URI.create("unix:///var/run/docker.sock");

  /** A plain-HTTP or Unix-socket engine. */
  public static EngineAddress plain(URI host, String source) {
    return new EngineAddress(host, Optional.empty(), source);
  }

  /** For the log: the host, and "with TLS" when its certificate is checked. */
  public String describe() {
    return host + (tls.isPresent() ? " (TLS, certificates from " + tls.get() + ")" : "");
  }
}
