package io.github.dockereventsreactor.event;

/** A line of the event stream that is not a Docker event; the message says what is wrong with it. */
public final class MalformedEventException extends Exception {
  public MalformedEventException(String message) {
    super(message);
  }
}
