package io.github.dockereventsreactor.core;

/**
 * What a {@code container:} action did to one container: {@code container} as the log shows it, the
 * result, and its detail (a reason, an exit code, a count).
 */
public record ContainerResult(String container, Result result, String detail) {

  /** The result, and its word in the metrics' {@code result} label. */
  public enum Result {
    /** The engine did it (an exec exited 0). */
    DONE("done"),
    /** Not done: the container no longer fits the action, is gone, or is the reactor's own. */
    SKIPPED("skipped"),
    /** The engine refused, or an exec exited non-zero. */
    FAILED("failed"),
    /** The engine did not answer by the rule's timeout. */
    TIMED_OUT("timeout"),
    /** Past the limit: the fallback ran instead, and a container_gave_up event was sent. */
    GAVE_UP("gave_up"),
    /** Past the limit, given up already in this window: nothing done. */
    HELD("limited");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** True when the engine was asked to act. */
    boolean acted() {
      return this == DONE || this == FAILED || this == TIMED_OUT || this == GAVE_UP;
    }
  }

  String describe() {
    return container + ": " + result.label + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
