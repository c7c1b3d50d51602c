package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.Prepared;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The Engine API calls a {@code container:} action makes; each within its deadline or throws. */
public interface ContainerApi {

  /** The container as it is now; empty when no container has this ID or name. */
  Optional<ContainerState> inspect(String container);

  /** The IDs of every container, running or not, with all these labels and values. */
  List<String> labelled(Map<String, String> labels);

  /**
   * Carries out the call's verb on the container by {@code deadlineNanos} ({@link
   * System#nanoTime}); for exec, feeds its output to {@code output} and returns its exit code.
   * Throws {@link Failure} when the engine refuses or the deadline passes.
   */
  OptionalInt act(
      ContainerState container,
      Prepared.ContainerCall call,
      long deadlineNanos,
      OutputLines output);

  /** The engine refused the call, or did not answer by the deadline ({@code timedOut}). */
  final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public Failure(String message, boolean timedOut) {
      super(message);
      this.timedOut = timedOut;
    }

    public boolean timedOut() {
      return timedOut;
    }
  }
}
