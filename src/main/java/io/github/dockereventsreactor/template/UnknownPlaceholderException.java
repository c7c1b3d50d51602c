package io.github.dockereventsreactor.template;

/** A template names a placeholder that does not exist. */
public final class UnknownPlaceholderException extends TemplateException {

  public UnknownPlaceholderException(String name, int offset) {
    super("unknown placeholder %%" + name + "%% (known: " + Placeholder.KNOWN + ")", offset);
  }
}
