package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.SpillTest.SpillJournal;
import io.github.dockereventsreactor.event.DockerEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A rule's spill read back from the journal, in order, as its queue has room. */
class SpillReaderTest {

  private final Object intake = new Object();
  private final SpillJournal journal = new SpillJournal();

  /** A queue that takes what is read back until it is full, and can refuse or be closed. */
  private static final class FakeQueue implements SpillReader.Queue {
    final List<Long> requeued = new ArrayList<>();
    int size;
    int capacity = Integer.MAX_VALUE;
    boolean closed;
    int nudges;

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void nudge() {
      nudges++;
    }

    @Override
    public boolean requeue(EventJournal.Pending pending) {
      if (size >= capacity) {
        return false;
      }
      requeued.add(pending.seq());
      size++;
      return true;
    }
  }

  private final FakeQueue queue = new FakeQueue();

  private SpillReader reader(FakeQueue target) {
    return new SpillReader("r", Optional.of(journal), intake, target);
  }

  /** Appends events for the rule (and one for another rule between each): their sequences. */
  private List<Long> journaled(int count) throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      DockerEvent event = TestEvents.volume(i);
      seqs.add(journal.append(event, List.of("r")).getAsLong());
      journal.append(event, List.of("other"));
    }
    return seqs;
  }

  /** A reader of the queue's, the rule having left these events in the journal at that depth. */
  private SpillReader spilling(List<Long> seqs, int depth) {
    SpillReader reader = reader(queue);
    keep(reader, seqs, depth);
    return reader;
  }

  /** The rule leaves these events in the journal, the queue full at {@code depth}. */
  private static void keep(SpillReader reader, List<Long> seqs, int depth) {
    seqs.forEach(seq -> reader.keep(seq, depth));
  }

  @Test
  void theFirstEventKeptBeginsTheSpillAndTheOthersJoinIt() throws Exception {
    SpillReader reader = reader(queue);
    List<Long> seqs = journaled(4);

    assertThat(reader.active()).isFalse();
    assertThat(reader.keep(seqs.get(0), 20)).isTrue();
    assertThat(reader.keep(seqs.get(1), 20)).isFalse();
    assertThat(reader.keep(seqs.get(2), 20)).isFalse();
    reader.keepBehind(seqs.get(3));
    assertThat(reader.active()).isTrue();
    assertThat(reader.events()).isEqualTo(4);
  }

  @Test
  void nothingIsReadBackUntilTheQueueHasDrainedToHalfItsDepthAtTheSpillThenUpToThatDepth()
      throws Exception {
    List<Long> seqs = journaled(30);
    SpillReader reader = spilling(seqs, 20);

    queue.size = 11;
    reader.refill();
    assertThat(queue.requeued).isEmpty();

    queue.size = 10;
    reader.refill();
    assertThat(queue.requeued).isEqualTo(seqs.subList(0, 10));
    assertThat(reader.events()).isEqualTo(20);
    assertThat(reader.active()).isTrue();
  }

  @Test
  void everythingComesBackInOrderAndTheSpillEndsWhenTheJournalHasNoMore() throws Exception {
    List<Long> seqs = journaled(40);
    SpillReader reader = spilling(seqs, 16);

    // Room for 16 at each look: the queue drains between them, as the workers run it.
    List<Long> back = new ArrayList<>();
    for (int look = 0; reader.active() && look < 10; look++) {
      reader.refill();
      back.addAll(queue.requeued);
      queue.requeued.clear();
      queue.size = 0;
    }

    assertThat(back).isEqualTo(seqs);
    assertThat(reader.events()).isZero();
  }

  @Test
  void anEventTheQueueRefusesIsReadAgainAtTheNextLook() throws Exception {
    List<Long> seqs = journaled(5);
    SpillReader reader = spilling(seqs, 16);
    queue.capacity = 2;

    reader.refill();
    assertThat(queue.requeued).isEqualTo(seqs.subList(0, 2));

    queue.capacity = Integer.MAX_VALUE;
    queue.size = 0;
    reader.refill();
    assertThat(queue.requeued).isEqualTo(seqs);
    assertThat(reader.active()).isFalse();
  }

  @Test
  void aJournalThatCannotBeReadKeepsTheSpillForTheNextLook() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    EventJournal failing =
        new EventJournal() {
          @Override
          public java.util.OptionalLong append(DockerEvent event, List<String> rules) {
            return journal.append(event, rules);
          }

          @Override
          public void done(long seq, String rule) {}

          @Override
          public List<Pending> spilled(String rule, long from, long to, int max)
              throws IOException {
            if (broken.get()) {
              throw new IOException("disk gone");
            }
            return journal.spilled(rule, from, to, max);
          }
        };
    SpillReader reader = new SpillReader("r", Optional.of(failing), intake, queue);
    List<Long> seqs = journaled(3);
    keep(reader, seqs, 16);

    reader.refill();
    assertThat(queue.requeued).isEmpty();
    assertThat(reader.active()).isTrue();

    broken.set(false);
    reader.refill();
    assertThat(queue.requeued).isEqualTo(seqs);
  }

  @Test
  void aClosedQueueOrNoJournalReadsNothing() throws Exception {
    List<Long> seqs = journaled(3);
    SpillReader reader = spilling(seqs, 16);
    queue.closed = true;
    reader.refill();

    SpillReader unjournaled = new SpillReader("r", Optional.empty(), intake, queue);
    keep(unjournaled, seqs, 16);
    queue.closed = false;
    unjournaled.refill();

    assertThat(queue.requeued).isEmpty();
  }

  @Test
  void whatThePreviousVersionLeftComesBackBeforeTheNewVersionsOwn() throws Exception {
    List<Long> seqs = journaled(6);
    SpillReader old = reader(new FakeQueue());
    keep(old, seqs.subList(0, 3), 16);
    SpillReader next = reader(queue);
    keep(next, seqs.subList(3, 6), 16);

    next.takeOver(old.handOver());

    assertThat(old.active()).isFalse();
    assertThat(next.events()).isEqualTo(6);
    assertThat(queue.nudges).isEqualTo(1);
    next.refill();
    assertThat(queue.requeued).isEqualTo(seqs);
  }

  @Test
  void aRemovedRuleIsHandedEveryEventItLeftPageByPage() throws Exception {
    List<Long> seqs = journaled(SpillReader.REFILL_MAX + 10);
    SpillReader reader = spilling(seqs, 16);

    List<Long> ended = new ArrayList<>();
    reader.end(reader.handOver(), pending -> ended.add(pending.seq()));

    assertThat(ended).isEqualTo(seqs);
    assertThat(reader.active()).isFalse();
    assertThat(queue.requeued).isEmpty();
  }

  /**
   * A reload retires the lane while a worker reads back: the worker has queued an event and not yet
   * marked it read. Handed over then, that event would run again under the rule's next version, and
   * the worker, finding no range to mark, died. The hand-over waits for the read to end.
   */
  @Test
  void aReloadWaitsForTheReadBackInProgress() throws Exception {
    List<Long> seqs = journaled(3);
    CountDownLatch queuedFirst = new CountDownLatch(1);
    CountDownLatch retired = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    List<Long> requeued = new CopyOnWriteArrayList<>();
    SpillReader.Queue pausing =
        new SpillReader.Queue() {
          @Override
          public int size() {
            return 0;
          }

          @Override
          public boolean closed() {
            return closed.get();
          }

          @Override
          public void nudge() {}

          /** Takes the first event, then waits for the lane to be retired; takes none after. */
          @Override
          public boolean requeue(EventJournal.Pending pending) {
            if (closed.get()) {
              return false;
            }
            requeued.add(pending.seq());
            queuedFirst.countDown();
            try {
              assertThat(retired.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return true;
          }
        };
    SpillReader lane = new SpillReader("r", Optional.of(journal), intake, pausing);
    keep(lane, seqs, 16);
    AtomicReference<Throwable> died = new AtomicReference<>();
    Thread worker = new Thread(lane::refill, "worker");
    worker.setUncaughtExceptionHandler((t, e) -> died.set(e));
    worker.start();
    assertThat(queuedFirst.await(10, TimeUnit.SECONDS)).isTrue();

    closed.set(true);
    AtomicReference<SpillRanges.Spill> handed = new AtomicReference<>();
    Thread reload = new Thread(() -> handed.set(lane.handOver()), "reload");
    reload.start();
    // The hand-over either waits for the worker (parked) or has already taken the ranges.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reload.getState() != Thread.State.WAITING
        && reload.getState() != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    retired.countDown();
    worker.join(TimeUnit.SECONDS.toMillis(10));
    reload.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(died.get()).isNull();
    assertThat(requeued).containsExactly(seqs.get(0));
    assertThat(handed.get().events()).isEqualTo(2);
    assertThat(handed.get().ranges()).hasSize(1);
    assertThat(handed.get().ranges().get(0).from()).isGreaterThan(seqs.get(0));
  }
}
