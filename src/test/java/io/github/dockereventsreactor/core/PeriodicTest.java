package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

  /** Before: "a test task failed, it runs again at its next period: java.util.NoSuchElement…". */
  @Test
  void aFailureIsSaidInWordsNeverByItsClass() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(Periodic.class);
    lines.start();
    logger.addAppender(lines);
    try {
      Periodic.guarded(
              "the words test's task",
              () -> {
                throw new NoSuchElementException();
              })
          .run();
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(
            lines.list.stream()
                .filter(line -> line.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage))
        .singleElement()
        .asString()
        .startsWith(
            "the words test's task failed, it runs again at its next period: no such element")
        .doesNotContain("java.");
  }
}
