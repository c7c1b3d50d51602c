package io.github.dockereventsreactor.rules;

import java.util.List;
import java.util.Optional;

/**
 * The file's {@code reactor.nats} block: the JetStream servers that {@code nats:} actions publish
 * to, and how to authenticate. {@code tls://} servers are verified against the JVM's trust store.
 */
public record NatsSettings(List<String> servers, Optional<String> credentials) {

  public static final NatsSettings DEFAULTS =
      new NatsSettings(List.of("nats://127.0.0.1:4222"), Optional.empty());

  public NatsSettings {
    servers = List.copyOf(servers);
  }
}
