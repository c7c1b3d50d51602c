package io.github.dockereventsreactor.core;

/** A container as the engine lists it, or as the reactor last saw it in events. */
public record ContainerSummary(String id, String name, String image, boolean running) {}
