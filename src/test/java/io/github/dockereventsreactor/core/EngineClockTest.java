package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EngineClockTest {

  private static final Instant LOCAL = Instant.parse("2026-11-30T12:00:00Z");
  private final EngineClock clock = new EngineClock(Clock.fixed(LOCAL, ZoneOffset.UTC));

  @Test
  void theLocalClockStandsInUntilTheEngineSaysItsTime() {
    assertThat(clock.nowNanos()).isEqualTo(LOCAL.toEpochMilli() * 1_000_000L);

    clock.observe(LOCAL.minusSeconds(3_600));

    assertThat(clock.nowNanos()).isEqualTo(LOCAL.minusSeconds(3_600).toEpochMilli() * 1_000_000L);
  }

  @Test
  void aStampIsAheadOnlyBeyondAMinuteOfTheEnginesTime() {
    clock.observe(LOCAL.minusSeconds(3_600));
    long engineNow = clock.nowNanos();

    assertThat(clock.ahead(engineNow + 60_000_000_000L)).isFalse();
    assertThat(clock.ahead(engineNow + 60_000_000_001L)).isTrue();
    // Ahead of the engine, though not of the local clock: the engine's time is what counts.
    assertThat(clock.ahead(LOCAL.toEpochMilli() * 1_000_000L)).isTrue();
  }
}
