package io.github.dockereventsreactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloaderTest {

  private static final String VALID = "events_reactor:\n  r:\n    run: [x]\n";

  @TempDir Path dir;
  private final List<RuleSet> applied = new CopyOnWriteArrayList<>();
  private final List<Boolean> counted = new CopyOnWriteArrayList<>();

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("reactor.yml"), text);
  }

  private Reloader reloader(Path file, Consumer<RuleSet> apply) {
    return new Reloader(file, apply, counted::add);
  }

  @Test
  void aValidFileIsAppliedAndCountedAsASuccess() throws Exception {
    assertThat(reloader(file(VALID), applied::add).reload().applied()).isTrue();

    assertThat(applied).singleElement().satisfies(r -> assertThat(r.rules()).hasSize(1));
    assertThat(counted).containsExactly(true);
  }

  @Test
  void anInvalidOrMissingFileKeepsTheOldRulesAndCountsAFailure() throws Exception {
    assertThat(
            reloader(file("events_reactor:\n  r:\n    rn: [x]\n"), applied::add).reload().applied())
        .isFalse();
    assertThat(reloader(dir.resolve("gone.yml"), applied::add).reload().applied()).isFalse();

    assertThat(applied).isEmpty();
    assertThat(counted).containsExactly(false, false);
  }

  @Test
  void whateverApplyingThrowsIsAFailedReloadNotAnEscape() throws Exception {
    Path valid = file(VALID);
    for (Throwable thrown :
        List.of(
            new IllegalStateException("Can't register docker_events"),
            new StackOverflowError(),
            new NoClassDefFoundError("x"))) {
      Reloader reloader =
          reloader(
              valid,
              r -> {
                throw sneak(thrown);
              });
      assertThat(reloader.reload().applied()).isFalse();
    }
    assertThat(counted).containsExactly(false, false, false);
  }

  @Test
  void aFileNestedDeepEnoughToOverflowTheStackIsAFailedReload() throws Exception {
    Path deep =
        file("events_reactor:\n  r:\n    run: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

    assertThat(reloader(deep, applied::add).reload().applied()).isFalse();
    assertThat(applied).isEmpty();
    assertThat(counted).containsExactly(false);
  }

  @Test
  void runningOutOfMemoryGoesThroughForTheReactorToExitOn() throws Exception {
    Reloader reloader =
        reloader(
            file(VALID),
            r -> {
              throw new OutOfMemoryError("Java heap space");
            });

    assertThatThrownBy(reloader::reload).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void reloadsFromTwoTriggersRunOneAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Reloader reloader =
        reloader(
            file(VALID),
            r -> {
              most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              inside.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              concurrent.decrementAndGet();
            });
    Thread hangup = new Thread(reloader, "SIGHUP");
    Thread watch = new Thread(reloader, "rules watch");
    hangup.start();
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    watch.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (watch.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(watch.getState()).isEqualTo(Thread.State.BLOCKED);
    release.countDown();
    hangup.join();
    watch.join();

    assertThat(most.get()).isEqualTo(1);
    assertThat(counted).containsExactly(true, true);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneak(Throwable t) throws T {
    throw (T) t;
  }
}
