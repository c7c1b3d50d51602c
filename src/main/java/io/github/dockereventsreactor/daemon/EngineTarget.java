package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.docker.EngineAddress;

/** One engine the daemon reads: the name its events and metrics carry, and where it answers. */
public record EngineTarget(String name, EngineAddress address) {}
