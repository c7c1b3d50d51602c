package io.github.dockereventsreactor.rules;

import java.util.Optional;

/**
 * One entry of {@code reactor.engines}: the engine's name (for {@code %%engine%%}, a rule's {@code
 * engine:}, the metrics' {@code engine} label and its position in the state file), its host ({@code
 * unix://…} or {@code tcp://…}) and the directory of its TLS certificates.
 */
public record NamedEngine(String name, String host, Optional<String> tlsCertPath) {}
