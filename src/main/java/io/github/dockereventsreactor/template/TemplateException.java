package io.github.dockereventsreactor.template;

/** A template that cannot be used, with where in its text the problem starts. */
public class TemplateException extends Exception {

  private final int offset;

  public TemplateException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  /** Where the problem starts in the template text. */
  public int offset() {
    return offset;
  }
}
