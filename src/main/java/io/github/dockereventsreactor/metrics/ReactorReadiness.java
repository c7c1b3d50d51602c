package io.github.dockereventsreactor.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Whether the reactor is ready, as {@code /readyz} says: each engine's {@link Readiness} (its
 * stream connected, its checks passing), then each file of the state that cannot be written.
 */
public final class ReactorReadiness {

  private final Map<String, Readiness> readiness = new LinkedHashMap<>();
  // The files of the state that may refuse writes, by kind (state_file, journal), each with why.
  private final List<Map.Entry<String, Supplier<Optional<String>>>> stateFiles =
      new CopyOnWriteArrayList<>();
  // With several engines, each reason names its engine.
  private final boolean several;

  ReactorReadiness(List<String> engines, Clock clock) {
    engines.forEach(name -> readiness.put(name, new Readiness(clock)));
    this.several = engines.size() > 1;
  }

  /** The readiness of one engine's part of the reactor. */
  Readiness engine(String engine) {
    return Objects.requireNonNull(readiness.get(engine), engine);
  }

  /** Adds a reason for this engine's part of the reactor to be not ready. */
  public void notReadyWhen(String engine, Supplier<Optional<String>> check) {
    engine(engine).add(check);
  }

  /**
   * A file of the state ({@code file}: {@code state_file}, or {@code journal} for each engine's)
   * that may refuse writes: while {@code failure} says why, the reactor is not ready, saying it,
   * and {@code reactor_state_write_failing{file}} is 1.
   */
  public void stateWrites(String file, Supplier<Optional<String>> failure) {
    stateFiles.add(Map.entry(file, failure));
  }

  /** Whether each kind of file of the state is failing its writes now. */
  Map<String, Boolean> stateWriteFailing() {
    Map<String, Boolean> failing = new LinkedHashMap<>();
    stateFiles.forEach(
        f -> failing.merge(f.getKey(), f.getValue().get().isPresent(), Boolean::logicalOr));
    return failing;
  }

  /**
   * Why the reactor is not ready, or empty when it is: with several engines, each engine's reason,
   * named ({@code engine "podman": the event stream … is disconnected since …}); then each file of
   * the state that cannot be written.
   */
  public Optional<String> notReady() {
    List<String> reasons = new ArrayList<>();
    readiness.forEach(
        (engine, ready) ->
            ready
                .notReady()
                .ifPresent(
                    why -> reasons.add(several ? "engine \"" + engine + "\": " + why : why)));
    stateFiles.forEach(file -> file.getValue().get().ifPresent(reasons::add));
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
  }
}
