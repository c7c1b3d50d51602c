package io.github.dockereventsreactor.docker;

/** The engine answered, but not with what the reactor needs. */
public final class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }
}
