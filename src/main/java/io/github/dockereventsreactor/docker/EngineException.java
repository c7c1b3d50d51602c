package io.github.dockereventsreactor.docker;

/** The engine answered, but not with what the reactor needs. */
public class EngineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  /** The engine refused a request: it answered with an HTTP error status. */
  static final class Status extends EngineException {

    private static final long serialVersionUID = 1L;

    Status(String message) {
      super(message);
    }
  }

  /** The engine did not answer an action by its deadline. */
  static final class Late extends EngineException {

    private static final long serialVersionUID = 1L;

    Late(String message) {
      super(message);
    }
  }
}
