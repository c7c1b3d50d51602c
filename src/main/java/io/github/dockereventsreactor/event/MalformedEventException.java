package io.github.dockereventsreactor.event;

/**
 * A line of the event stream that is not a Docker event; the message says what is wrong with it.
 */
public final class MalformedEventException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }
}
