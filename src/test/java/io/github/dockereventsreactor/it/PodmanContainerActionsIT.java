package io.github.dockereventsreactor.it;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The same container actions against Podman's Docker-compatible API (Debian's 4.3, started by
 * scripts/test-env): kill with a signal, exec, a label selector. Podman runs healthchecks from
 * systemd timers, which its test service has none of: the health tests are dockerd's only.
 */
class PodmanContainerActionsIT extends ContainerActionsIT {

  private final Podman podman = new Podman();

  @Override
  Function<String[], String> cli() {
    return podman::run;
  }

  @Override
  List<String> engineOptions() {
    return List.of("--docker-host", podman.host());
  }

  @Test
  @Disabled("Podman's healthchecks need systemd timers, which the test service has none of")
  @Override
  void theAutohealRecipeRestartsThreeTimesThenStopsAndTellsTheGiveUp() {}

  @Test
  @Disabled("Podman's healthchecks need systemd timers, which the test service has none of")
  @Override
  void aContainerHealthyAgainBeforeTheDebounceEndsIsNotRestarted() {}
}
