package io.github.dockereventsreactor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fault simulator in the build: a fixed range of seeds, and one seed's trace twice; with {@code
 * -Dsim.seed=N} (scripts/simulate --seed N) one seed's whole trace, with {@code -Dsim.minutes=M} or
 * {@code -Dsim.seeds=N} the long run.
 */
class SimulatorTest {

  @Test
  void theSameSeedGivesTheSameTrace() {
    Simulation.Result first = Simulator.quietly(() -> Simulation.run(7));
    Simulation.Result again = Simulator.quietly(() -> Simulation.run(7));
    assertThat(first.trace()).hasSizeGreaterThan(100).isEqualTo(again.trace());
  }

  @Test
  void aFixedRangeOfSeedsKeepsEveryInvariant() {
    Simulator.Summary summary = Simulator.seeds(1, Simulator.BUILD_SEEDS);
    System.out.print(summary.report());
    assertThat(summary.failures()).as(summary.report()).isEmpty();
  }

  @Test
  @EnabledIfSystemProperty(named = "sim.minutes", matches = "\\d+")
  void forMinutes() {
    long deadline =
        System.nanoTime() + Long.parseLong(System.getProperty("sim.minutes")) * 60_000_000_000L;
    long first = Long.parseLong(System.getProperty("sim.first", "1"));
    Simulator.Summary summary = Simulator.until(seed -> System.nanoTime() > deadline, first);
    System.out.print(summary.report());
    assertThat(summary.failures()).isEmpty();
  }

  @Test
  @EnabledIfSystemProperty(named = "sim.seeds", matches = "\\d+")
  void manySeeds() {
    long first = Long.parseLong(System.getProperty("sim.first", "1"));
    Simulator.Summary summary =
        Simulator.seeds(first, Long.parseLong(System.getProperty("sim.seeds")));
    System.out.print(summary.report());
    assertThat(summary.failures()).isEmpty();
  }

  @Test
  @EnabledIfSystemProperty(named = "sim.seed", matches = "\\d+")
  void oneSeed() {
    Simulation.Result result =
        Simulator.quietly(() -> Simulation.run(Long.parseLong(System.getProperty("sim.seed"))));
    result.trace().forEach(System.out::println);
    System.out.println(result.failure().orElse("passed"));
    assertThat(result.failure()).isEmpty();
  }
}
