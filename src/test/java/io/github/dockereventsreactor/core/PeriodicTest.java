package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicTest {

  @Test
  void aTaskThatThrowsKeepsRunningAtItsPeriod() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      // Unguarded, a scheduled executor would run this once and never again.
      Periodic.every(
          timer,
          Duration.ZERO,
          Duration.ofMillis(1),
          "a test task",
          () -> {
            runs.incrementAndGet();
            third.countDown();
            throw new IllegalStateException("boom");
          });
      assertThat(third.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      timer.shutdownNow();
    }
    assertThat(runs.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aVirtualMachineErrorGoesToTheThreadsHandler() throws Exception {
    AtomicReference<Throwable> handled = new AtomicReference<>();
    Thread thread =
        new Thread(
            Periodic.guarded(
                "a test task",
                () -> {
                  throw new OutOfMemoryError("test");
                }));
    thread.setUncaughtExceptionHandler((t, e) -> handled.set(e));
    thread.start();
    thread.join();
    assertThat(handled.get()).isInstanceOf(OutOfMemoryError.class).hasMessage("test");
  }

  @Test
  void aTaskThatWorksJustRuns() {
    AtomicInteger runs = new AtomicInteger();
    Periodic.guarded("a test task", runs::incrementAndGet).run();
    assertThat(runs.get()).isEqualTo(1);
  }
}
