package io.github.dockereventsreactor.template;

/** A template names a placeholder that does not exist. */
public final class UnknownPlaceholderException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int offset;

  public UnknownPlaceholderException(String name, int offset) {
    super("unknown placeholder %%" + name + "%% (known: " + Placeholder.KNOWN + ")");
    this.offset = offset;
  }

  /** Where the placeholder starts in the template text. */
  public int offset() {
    return offset;
  }
}
