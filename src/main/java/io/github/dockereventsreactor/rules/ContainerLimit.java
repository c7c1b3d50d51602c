package io.github.dockereventsreactor.rules;

import java.time.Duration;

/**
 * At most {@code times} actions on one container within {@code per}; past that, the action gives
 * up: it stops the container when {@code stopAfter}, and tells the rules with a {@code
 * container_gave_up} event.
 */
public record ContainerLimit(int times, Duration per, boolean stopAfter) {

  String describe() {
    return "at most "
        + times
        + " per "
        + DurationText.format(per)
        + (stopAfter ? " then stop" : " then nothing");
  }
}
