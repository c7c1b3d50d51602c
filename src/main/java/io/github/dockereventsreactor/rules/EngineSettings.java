package io.github.dockereventsreactor.rules;

import java.util.Optional;

/**
 * The file's engine settings beside {@code docker_host}: {@code reactor.tls.cert_path} (the
 * directory of {@code ca.pem}, {@code cert.pem}, {@code key.pem} for a TLS engine) and {@code
 * reactor.payload.legacy_fields} (put {@code status}, {@code id} and {@code from} back into the
 * JSON commands receive when the engine, Docker 29 and later, no longer sends them).
 */
public record EngineSettings(Optional<String> tlsCertPath, boolean legacyPayloadFields) {

  public static final EngineSettings DEFAULTS = new EngineSettings(Optional.empty(), false);

  EngineSettings withTls(Optional<String> certPath) {
    return new EngineSettings(certPath, legacyPayloadFields);
  }

  EngineSettings withLegacyPayloadFields(boolean on) {
    return new EngineSettings(tlsCertPath, on);
  }
}
