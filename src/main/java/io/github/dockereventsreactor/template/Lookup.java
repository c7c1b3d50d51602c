package io.github.dockereventsreactor.template;

/** The value of a placeholder for one event, or why there is none. */
public sealed interface Lookup {

  static Lookup found(String value) {
    return new Found(value);
  }

  static Lookup missing(String reason) {
    return new Missing(reason);
  }

  /** A value to substitute. */
  record Found(String value) implements Lookup {}

  /** No value: the command must not run with a hole in it. */
  record Missing(String reason) implements Lookup {}
}
