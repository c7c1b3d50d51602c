package io.github.dockereventsreactor.template;

import java.util.Optional;
import java.util.function.Function;

/** The value of a placeholder for one event, or why there is none. */
public sealed interface Lookup {

  static Lookup found(String value) {
    return new Found(value);
  }

  static Lookup missing(String reason) {
    return new Missing(reason);
  }

  /** {@code found} of the value, or {@code missing} of the reason there is none. */
  <T> T fold(Function<String, T> found, Function<String, T> missing);

  /** Why there is no value; empty when there is one. */
  Optional<String> missing();

  /** The value, or {@code otherwise} when there is none. */
  String orElse(String otherwise);

  /** A value to substitute. */
  record Found(String value) implements Lookup {
    @Override
    public <T> T fold(Function<String, T> found, Function<String, T> missing) {
      return found.apply(value);
    }

    @Override
    public Optional<String> missing() {
      return Optional.empty();
    }

    @Override
    public String orElse(String otherwise) {
      return value;
    }
  }

  /** No value: the command must not run with a hole in it. */
  record Missing(String reason) implements Lookup {
    @Override
    public <T> T fold(Function<String, T> found, Function<String, T> missing) {
      return missing.apply(reason);
    }

    @Override
    public Optional<String> missing() {
      return Optional.of(reason);
    }

    @Override
    public String orElse(String otherwise) {
      return otherwise;
    }
  }
}
