package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();
  private final RateLimit limit = new RateLimit(clock, Duration.ofMinutes(1));

  @Test
  void oneLinePerKindPerMinuteThenSaysHowManyWereKeptQuiet() {
    assertThat(limit.permit("listener SIOOBE")).hasValue(0);
    assertThat(limit.permit("listener SIOOBE")).isEmpty();
    assertThat(limit.permit("listener SIOOBE")).isEmpty();
    assertThat(limit.permit("queue NPE")).hasValue(0);

    clock.now = clock.now.plusSeconds(59);
    assertThat(limit.permit("listener SIOOBE")).isEmpty();
    clock.now = clock.now.plusSeconds(1);
    assertThat(limit.permit("listener SIOOBE")).hasValue(3);
    assertThat(limit.permit("listener SIOOBE")).isEmpty();
  }
}
