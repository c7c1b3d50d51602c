package io.github.dockereventsreactor.match;

/** A glob that cannot be compiled, with the index (in code points) where it goes wrong. */
public final class InvalidGlobException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int index;

  InvalidGlobException(String message, int index) {
    super(message);
    this.index = index;
  }

  /** Where the problem starts, counted in characters (code points) from the glob's start. */
  public int index() {
    return index;
  }
}
