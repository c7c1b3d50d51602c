package io.github.dockereventsreactor.template;

import java.util.function.Function;

/** A container's inspect document for an event, or why there is none. */
public sealed interface Inspection {

  /** {@code found} of the document, or {@code missing} of the reason there is none. */
  <T> T fold(Function<ContainerDocument, T> found, Function<String, T> missing);

  /** The document, live or the last one known (after {@code die} the engine forgets the IPs). */
  record Found(ContainerDocument document) implements Inspection {
    @Override
    public <T> T fold(Function<ContainerDocument, T> found, Function<String, T> missing) {
      return found.apply(document);
    }
  }

  /** No document: not a container event, the container is unknown, the engine is unreachable. */
  record Missing(String reason) implements Inspection {
    @Override
    public <T> T fold(Function<ContainerDocument, T> found, Function<String, T> missing) {
      return missing.apply(reason);
    }
  }
}
