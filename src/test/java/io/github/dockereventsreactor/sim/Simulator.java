package io.github.dockereventsreactor.sim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Runs many seeds of the {@link Simulation}: a fixed range in the build, or for as long as asked
 * ({@code scripts/simulate}); reports seeds per second, histories and steps, and each failing seed
 * with the command that replays it.
 */
final class Simulator {

  /** The seeds {@code mvn verify} runs. */
  static final int BUILD_SEEDS = 400;

  /** What a run of many seeds found. */
  record Summary(
      long histories, long steps, long reads, double seconds, List<Simulation.Result> failures) {

    String report() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "%d histories, %d steps, %d events read in %.1f s (%.1f seeds/s), %d failing%n",
              histories,
              steps,
              reads,
              seconds,
              histories / Math.max(seconds, 1e-9),
              failures.size()));
      failures.forEach(f -> out.append(f.report()));
      return out.toString();
    }
  }

  private Simulator() {}

  /** Seeds {@code first} to {@code first + count - 1}. */
  static Summary seeds(long first, long count) {
    return until(seed -> seed >= first + count, first);
  }

  /** Seeds from {@code first} on while {@code stop} says go on (it sees the next seed). */
  static Summary until(LongPredicate stop, long first) {
    return quietly(() -> run(stop, first));
  }

  /** The reactor logs every gap, reload and dropped event it meets: thousands per second here. */
  static <T> T quietly(Supplier<T> run) {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    root.setLevel(Level.OFF);
    try {
      return run.get();
    } finally {
      root.setLevel(level);
    }
  }

  private static Summary run(LongPredicate stop, long first) {
    long start = System.nanoTime();
    long histories = 0;
    long steps = 0;
    long reads = 0;
    List<Simulation.Result> failures = new ArrayList<>();
    for (long seed = first; !stop.test(seed); seed++) {
      Simulation.Result result = Simulation.run(seed);
      histories++;
      steps += result.steps();
      reads += result.reads();
      if (result.failure().isPresent()) {
        failures.add(result);
      }
    }
    return new Summary(histories, steps, reads, (System.nanoTime() - start) / 1e9, failures);
  }
}
