package io.github.dockereventsreactor.rules;

import java.util.Optional;

/** What a {@code container:} action does to a container, as the Engine API names it. */
public enum ContainerVerb {
  RESTART("restart"),
  STOP("stop"),
  START("start"),
  KILL("kill"),
  PAUSE("pause"),
  UNPAUSE("unpause"),
  EXEC("exec");

  private final String word;

  ContainerVerb(String word) {
    this.word = word;
  }

  /** The word a rules file, the log and the metrics use. */
  public String word() {
    return word;
  }

  public static Optional<ContainerVerb> named(String word) {
    for (ContainerVerb verb : values()) {
      if (verb.word.equals(word)) {
        return Optional.of(verb);
      }
    }
    return Optional.empty();
  }

  /** True when the engine waits up to a stop timeout ({@code t=}) before it kills. */
  public boolean stops() {
    return this == RESTART || this == STOP;
  }

  /** The words of every verb, for error messages. */
  static String words() {
    StringBuilder words = new StringBuilder();
    for (ContainerVerb verb : values()) {
      words.append(words.length() == 0 ? "" : ", ").append(verb.word);
    }
    return words.toString();
  }
}
