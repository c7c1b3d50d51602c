package io.github.dockereventsreactor.template;

/** The value of a placeholder for one event, or why there is none. */
public sealed interface Lookup {

  static Lookup found(String value) {
    return new Found(value);
  }

  static Lookup missing(String reason) {
    return new Missing(reason);
  }

  /** The value, or {@code otherwise} when there is none. */
  String orElse(String otherwise);

  /** A value to substitute. */
  record Found(String value) implements Lookup {
    @Override
    public String orElse(String otherwise) {
      return value;
    }
  }

  /** No value: the command must not run with a hole in it. */
  record Missing(String reason) implements Lookup {
    @Override
    public String orElse(String otherwise) {
      return otherwise;
    }
  }
}
