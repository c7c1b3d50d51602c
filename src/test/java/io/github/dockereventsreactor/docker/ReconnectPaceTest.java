package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectPaceTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong();

  /** Always the top of the range: the delays are the bases themselves. */
  private final RandomGenerator top =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  private final ReconnectPace backoff = new ReconnectPace(now::get, top);

  private List<Long> failures(int n) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      delays.add(backoff.nextDelayMillis());
    }
    return delays;
  }

  @Test
  void doublesFromAHundredMillisecondsToFiveSeconds() {
    assertThat(failures(8)).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
  }

  @Test
  void aStreamThatOpensAndClosesAtOnceDoesNotResetIt() {
    failures(3);
    for (int i = 0; i < 5; i++) {
      backoff.connected();
      now.addAndGet(50 * MS);
      backoff.nextDelayMillis();
    }
    backoff.connected();
    assertThat(backoff.nextDelayMillis()).isEqualTo(5000L);
  }

  @Test
  void aStreamThatDeliveredAnEventStartsItOver() {
    failures(5);
    backoff.connected();
    backoff.delivered();

    assertThat(backoff.healthy()).isTrue();
    assertThat(backoff.nextDelayMillis()).isEqualTo(100L);
  }

  @Test
  void aStreamUpForTenSecondsStartsItOverAndOneUpForLessDoesNot() {
    failures(5);
    backoff.connected();
    now.addAndGet(9_999 * MS);
    assertThat(backoff.healthy()).isFalse();
    assertThat(backoff.nextDelayMillis()).isEqualTo(3200L);

    backoff.connected();
    now.addAndGet(10_000 * MS);
    assertThat(backoff.healthy()).isTrue();
    assertThat(backoff.nextDelayMillis()).isEqualTo(100L);
  }
}
