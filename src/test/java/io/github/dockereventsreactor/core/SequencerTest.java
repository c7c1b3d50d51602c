package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private final Sequencer<String> queue = new Sequencer<>(4);

  private Optional<String> next() throws InterruptedException {
    return queue.poll(0, TimeUnit.NANOSECONDS).map(Sequencer.Entry::item);
  }

  private Sequencer.Entry<String> take() throws InterruptedException {
    return queue.take().orElseThrow();
  }

  @Test
  void aKeysNextItemWaitsUntilTheOneBeforeItIsDoneWhileOtherKeysGoOn() throws Exception {
    queue.offer("a", "a1");
    queue.offer("a", "a2");
    queue.offer("b", "b1");
    queue.offer("a", "a3");

    Sequencer.Entry<String> a1 = take();
    assertThat(a1.item()).isEqualTo("a1");
    assertThat(next()).hasValue("b1");
    assertThat(next()).isEmpty();

    queue.done(a1);
    Sequencer.Entry<String> a2 = take();
    assertThat(a2.item()).isEqualTo("a2");
    assertThat(next()).isEmpty();
    queue.done(a2);
    assertThat(next()).hasValue("a3");
  }

  @Test
  void itemsWithoutAKeyWaitForNothing() throws Exception {
    queue.offer(null, "x1");
    queue.offer(null, "x2");

    assertThat(take().item()).isEqualTo("x1");
    assertThat(take().item()).isEqualTo("x2");
  }

  @Test
  void aFullQueueRefusesAndGivesUpItsOldestWhetherReadyOrWaiting() throws Exception {
    Sequencer.Entry<String> running;
    queue.offer("a", "a1");
    running = take();
    queue.offer("a", "a2");
    queue.offer("b", "b1");
    queue.offer("b", "b2");
    queue.offer("a", "a3");

    assertThat(queue.offer("c", "c1")).isFalse();
    assertThat(queue.size()).isEqualTo(4);
    // a2 waits behind the running a1: the oldest queued all the same.
    assertThat(queue.pollOldest()).hasValue("a2");
    // b1 is ready: b2 takes its place.
    assertThat(queue.pollOldest()).hasValue("b1");
    assertThat(next()).hasValue("b2");
    queue.done(running);
    assertThat(next()).hasValue("a3");
  }

  @Test
  void closedItHandsOutWhatIsQueuedThenNothing() throws Exception {
    queue.offer("a", "a1");
    queue.offer("a", "a2");
    queue.close();

    Sequencer.Entry<String> a1 = take();
    queue.done(a1);
    Sequencer.Entry<String> a2 = take();
    queue.done(a2);
    assertThat(queue.take()).isEmpty();
  }

  @Test
  void clearedItKeepsOnlyTheKeysOfWhatRuns() throws Exception {
    queue.offer("a", "a1");
    Sequencer.Entry<String> a1 = take();
    queue.offer("a", "a2");
    queue.offer("b", "b1");
    assertThat(queue.clear()).containsExactly("a2", "b1");

    assertThat(queue.size()).isZero();
    queue.offer("b", "b2");
    queue.offer("a", "a3");
    assertThat(next()).hasValue("b2");
    assertThat(next()).isEmpty();
    queue.done(a1);
    assertThat(next()).hasValue("a3");
  }

  @Test
  void itIsUnderstaffedWhenMoreIsReadyThanWorkersWait() throws Exception {
    assertThat(queue.understaffed()).isFalse();
    queue.offer("a", "a1");
    queue.offer("a", "a2");
    assertThat(queue.understaffed()).isTrue();
    take();
    assertThat(queue.understaffed()).isFalse();
  }

  @Test
  void anItemWakesTheWorkerThatWentIdleLast() throws Exception {
    BlockingQueue<String> took = new LinkedBlockingQueue<>();
    Thread first = worker("first", took);
    waiting(first);
    Thread second = worker("second", took);
    waiting(second);

    queue.offer(null, "x1");
    assertThat(took.poll(30, TimeUnit.SECONDS)).isEqualTo("second x1");
    waiting(second);
    queue.offer(null, "x2");
    assertThat(took.poll(30, TimeUnit.SECONDS)).isEqualTo("second x2");

    queue.close();
    first.join();
    second.join();
    assertThat(took).isEmpty();
  }

  /** A worker that takes items until the queue is closed, saying who took what. */
  private Thread worker(String name, BlockingQueue<String> took) {
    Thread worker =
        new Thread(
            () -> {
              try {
                for (Optional<Sequencer.Entry<String>> next = queue.take();
                    next.isPresent();
                    next = queue.take()) {
                  took.add(name + " " + next.get().item());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    worker.start();
    return worker;
  }

  /** Until the worker waits in take (nothing else holds the queue's lock meanwhile). */
  private static void waiting(Thread worker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (worker.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s waiting", worker.getName()).isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
