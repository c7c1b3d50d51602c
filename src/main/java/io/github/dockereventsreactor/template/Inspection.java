package io.github.dockereventsreactor.template;

/** A container's inspect document for an event, or why there is none. */
public sealed interface Inspection {

  /** The document, live or the last one known (after {@code die} the engine forgets the IPs). */
  record Found(ContainerDocument document) implements Inspection {}

  /** No document: not a container event, the container is unknown, the engine is unreachable. */
  record Missing(String reason) implements Inspection {}
}
