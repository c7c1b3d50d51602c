package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.ContainerVerb;
import io.github.dockereventsreactor.rules.Prepared;
import java.util.Optional;

/**
 * Whether an action still makes sense on a container as it is now, re-inspected just before it: a
 * debounced restart must not restart a container that is healthy again, nor a stop stop one that is
 * stopped. Pure: the state comes in, the reason to skip goes out.
 */
final class Recheck {

  private Recheck() {}

  /** Why the action no longer fits the container; empty when it does. */
  static Optional<String> unmet(
      ContainerVerb verb, ContainerState state, Prepared.ContainerCall.Trigger trigger) {
    if (state.status().equals("restarting") && verb != ContainerVerb.KILL) {
      return Optional.of("it is restarting already");
    }
    if (trigger.health().isPresent() && state.id().equals(trigger.container())) {
      String then = trigger.health().get();
      String now = state.health().orElse("none");
      if (!now.equals(then)) {
        return Optional.of("its health is " + now + " now, not " + then + " as the event said");
      }
    }
    return switch (verb) {
      case STOP, KILL ->
          state.running() || state.status().equals("paused") ? Optional.empty() : notRunning(state);
      case EXEC -> state.running() ? Optional.empty() : notRunning(state);
      case START ->
          state.running() || state.status().equals("paused")
              ? Optional.of("it is " + state.status() + " already")
              : Optional.empty();
      case PAUSE ->
          state.running()
              ? Optional.empty()
              : state.status().equals("paused")
                  ? Optional.of("it is paused already")
                  : notRunning(state);
      case UNPAUSE ->
          state.status().equals("paused")
              ? Optional.empty()
              : Optional.of("it is not paused (" + state.status() + ")");
      default -> Optional.empty();
    };
  }

  private static Optional<String> notRunning(ContainerState state) {
    return Optional.of("it is not running (" + state.status() + ")");
  }
}
