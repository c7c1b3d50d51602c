package io.github.dockereventsreactor.docker;

/** The engine answered, but not with what the reactor needs. */
public final class EngineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }
}
