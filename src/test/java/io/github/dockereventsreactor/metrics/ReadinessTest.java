package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private final Readiness readiness =
      new Readiness(Clock.fixed(Instant.parse("2026-11-30T12:00:00.123456Z"), ZoneOffset.UTC));

  @Test
  void notReadyUntilTheStreamFirstConnects() {
    assertThat(readiness.notReady())
        .contains("not yet connected to the Docker engine's event stream");
    assertThat(readiness.connected(true)).isFalse();
    assertThat(readiness.notReady()).isEmpty();
  }

  @Test
  void aBreakSaysSinceWhenAndTheReturnCountsAsAReconnect() {
    readiness.connected(true);
    assertThat(readiness.connected(false)).isFalse();
    assertThat(readiness.notReady())
        .contains(
            "the event stream from the Docker engine is disconnected since"
                + " 2026-11-30T12:00:00.123Z; reconnecting");
    assertThat(readiness.connected(true)).isTrue();
    assertThat(readiness.connected(true)).isFalse();
  }

  @Test
  void whileConnectedTheFirstFailingCheckIsTheReason() {
    AtomicReference<Optional<String>> reader = new AtomicReference<>(Optional.empty());
    readiness.add(reader::get);
    readiness.add(() -> Optional.of("rule \"r\" has no worker"));
    readiness.connected(true);
    assertThat(readiness.notReady()).contains("rule \"r\" has no worker");
    reader.set(Optional.of("the reader is stalled"));
    assertThat(readiness.notReady()).contains("the reader is stalled");
  }
}
