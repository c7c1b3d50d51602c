package io.github.dockereventsreactor.rules;

import java.util.List;
import java.util.Optional;

/**
 * The file's {@code reactor.nats} block: the JetStream servers that {@code nats:} actions publish
 * to, and how to authenticate: a {@code .creds} file, and TLS ({@code tls://} servers are verified
 * against {@link NatsTls#caFile()}, or the JVM's trust store without it).
 */
public record NatsSettings(List<String> servers, Optional<String> credentials, NatsTls tls) {

  public static final NatsSettings DEFAULTS =
      new NatsSettings(List.of("nats://127.0.0.1:4222"), Optional.empty(), NatsTls.NONE);

  public NatsSettings {
    servers = List.copyOf(servers);
  }
}
