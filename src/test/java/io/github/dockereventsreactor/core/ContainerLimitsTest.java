package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.rules.ContainerLimit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limit of a container action, per rule and container, on a clock the test moves. */
class ContainerLimitsTest {

  private static final ContainerLimit THREE_PER_MINUTE =
      new ContainerLimit(3, Duration.ofMinutes(1), true);

  private final AtomicLong now = new AtomicLong();
  private final ContainerLimits limits = new ContainerLimits(now::get);

  private ContainerLimits.Decision admit(String container) {
    return limits.admit("r", container, THREE_PER_MINUTE);
  }

  private void after(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void actsThreeTimesThenGivesUpOnceThenHoldsUntilTheWindowHasPassed() {
    assertThat(admit("a")).isEqualTo(new ContainerLimits.Decision(ContainerLimits.Verdict.ACT, 1));
    after(Duration.ofSeconds(10));
    assertThat(admit("a")).isEqualTo(new ContainerLimits.Decision(ContainerLimits.Verdict.ACT, 2));
    assertThat(admit("a")).isEqualTo(new ContainerLimits.Decision(ContainerLimits.Verdict.ACT, 3));
    assertThat(admit("a").verdict()).isEqualTo(ContainerLimits.Verdict.GIVE_UP);
    after(Duration.ofSeconds(55));
    assertThat(admit("a").verdict()).isEqualTo(ContainerLimits.Verdict.HOLD);
    after(Duration.ofSeconds(10));
    assertThat(admit("a")).isEqualTo(new ContainerLimits.Decision(ContainerLimits.Verdict.ACT, 1));
  }

  @Test
  void eachContainerAndEachRuleHasAWindowOfItsOwn() {
    admit("a");
    admit("a");
    admit("a");
    assertThat(admit("b").verdict()).isEqualTo(ContainerLimits.Verdict.ACT);
    assertThat(limits.admit("other", "a", THREE_PER_MINUTE).verdict())
        .isEqualTo(ContainerLimits.Verdict.ACT);
    assertThat(admit("a").verdict()).isEqualTo(ContainerLimits.Verdict.GIVE_UP);
  }

  @Test
  void actionsOlderThanTheWindowNoLongerCount() {
    admit("a");
    after(Duration.ofSeconds(40));
    admit("a");
    admit("a");
    after(Duration.ofSeconds(30));
    assertThat(limits.count("r", "a")).isEqualTo(2);
    assertThat(admit("a")).isEqualTo(new ContainerLimits.Decision(ContainerLimits.Verdict.ACT, 3));
  }
}
