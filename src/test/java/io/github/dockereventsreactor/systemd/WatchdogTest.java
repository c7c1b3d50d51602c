package io.github.dockereventsreactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "30000000, -,  15000", // half of WatchdogSec=30s
        "30000000, 42, 15000", // meant for this process
        "30000000, 7,  -", // meant for another process
        "-,        -,  -", // no watchdog asked for
        "0,        -,  -",
        "soon,     -,  -",
      })
  void pingsAtHalfTheIntervalSystemdAsksOfThisProcess(String usec, String pid, Long millis) {
    Map<String, String> environment = new HashMap<>();
    Optional.ofNullable(usec).ifPresent(u -> environment.put("WATCHDOG_USEC", u));
    Optional.ofNullable(pid).ifPresent(p -> environment.put("WATCHDOG_PID", p));

    assertThat(Watchdog.interval(environment, 42))
        .isEqualTo(Optional.ofNullable(millis).map(Duration::ofMillis));
  }

  @Test
  void pingsTheSocketWhileTheThreadsAreHealthy() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Notify notify = Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()));

      new Watchdog(notify, () -> true).start(timer, Duration.ofMillis(20));

      for (int i = 0; i < 3; i++) {
        assertThat(systemd.next(Duration.ofSeconds(5))).isEqualTo("WATCHDOG=1");
      }
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void fallsSilentWhileTheThreadsAreStuckAndResumesAfter() {
    List<String> sent = new ArrayList<>();
    AtomicBoolean healthy = new AtomicBoolean(true);
    Watchdog watchdog = new Watchdog(new Notify(Optional.of(sent::add), () -> 0), healthy::get);

    watchdog.beat();
    healthy.set(false);
    watchdog.beat();
    watchdog.beat();
    healthy.set(true);
    watchdog.beat();

    assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1");
  }
}
