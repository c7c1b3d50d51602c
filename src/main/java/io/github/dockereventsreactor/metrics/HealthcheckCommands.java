package io.github.dockereventsreactor.metrics;

import java.util.Optional;
import java.util.function.Function;

/**
 * For a container ID, what its healthcheck exec's command looks like in events, or empty when it
 * has no healthcheck; throws when the container cannot be inspected.
 */
public interface HealthcheckCommands extends Function<String, Optional<String>> {}
