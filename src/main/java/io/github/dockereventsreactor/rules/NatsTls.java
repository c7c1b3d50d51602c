package io.github.dockereventsreactor.rules;

import java.util.Optional;

/**
 * The file's {@code reactor.nats.tls} block, as nats-server names its own: the CA that signs the
 * servers' certificates ({@code ca_file}; the JVM's trust store without it) and the reactor's
 * client certificate and key ({@code cert_file}, {@code key_file}, both or neither: PEM files).
 */
public record NatsTls(
    Optional<String> caFile, Optional<String> certFile, Optional<String> keyFile) {

  public static final NatsTls NONE =
      new NatsTls(Optional.empty(), Optional.empty(), Optional.empty());

  /** Whether anything here asks for more than the JVM's defaults. */
  public boolean configured() {
    return caFile.isPresent() || certFile.isPresent();
  }
}
