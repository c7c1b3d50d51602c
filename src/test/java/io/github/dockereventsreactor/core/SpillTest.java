package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.ReactorTest.RecordingExecutor;
import io.github.dockereventsreactor.core.ReactorTest.RecordingListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code overflow: spill}: what does not fit a rule's queue waits in the journal, in order. */
class SpillTest {

  private static final int EVENTS = 30;

  /** The journal in memory, with the reads a spilling rule makes. */
  static class SpillJournal implements EventJournal {
    final NavigableMap<Long, DockerEvent> events = new ConcurrentSkipListMap<>();
    final Map<Long, List<String>> rules = new ConcurrentHashMap<>();
    final Set<String> done = ConcurrentHashMap.newKeySet();
    long next = 1;

    @Override
    public synchronized OptionalLong append(DockerEvent event, List<String> rules) {
      events.put(next, event);
      this.rules.put(next, List.copyOf(rules));
      return OptionalLong.of(next++);
    }

    @Override
    public void done(long seq, String rule) {
      done.add(rule + " " + events.get(seq).actor().id());
      synchronized (done) {
        done.notifyAll();
      }
    }

    @Override
    public List<Pending> spilled(String rule, long from, long to, int max) {
      List<Pending> read = new ArrayList<>();
      if (from > to) {
        // As the journal's own reading: nothing lies between.
        return read;
      }
      for (Map.Entry<Long, DockerEvent> e : events.subMap(from, true, to, true).entrySet()) {
        if (read.size() < max && rules.get(e.getKey()).contains(rule)) {
          read.add(new Pending(e.getKey(), e.getValue(), rules.get(e.getKey())));
        }
      }
      return read;
    }

    boolean awaitDone(int count) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      synchronized (done) {
        while (done.size() < count) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(done, left);
        }
      }
      return true;
    }
  }

  private static String rules(String options) {
    return "events_reactor:\n  slow:\n    event: {type: volume}\n    run: [slow, '%%actor.id%%']\n"
        + "    order: rule\n"
        + options;
  }

  private final RecordingExecutor executor = new RecordingExecutor(0);
  private final RecordingListener listener = new RecordingListener();
  private final SpillJournal journal = new SpillJournal();

  private Reactor reactor(String options) throws Exception {
    return TestReactors.of(rules(options), executor, listener, 8, Optional.of(journal));
  }

  private static DockerEvent volume(int i) throws Exception {
    return TestEvents.volume(i);
  }

  private static List<String> all() {
    return IntStream.range(0, EVENTS).mapToObj(i -> "v" + i).toList();
  }

  /** The burst: the first event takes the worker, three wait in memory, the rest in the journal. */
  private void burst(Reactor reactor) throws Exception {
    reactor.accept(volume(0));
    assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < EVENTS; i++) {
      reactor.accept(volume(i));
    }
    assertThat(reactor.queued()).isEqualTo(3);
  }

  @Test
  void whatDoesNotFitWaitsInTheJournalAndRunsInOrderNothingDropped() throws Exception {
    Reactor reactor = reactor("    queue: 3\n");
    burst(reactor);

    executor.release.countDown();
    assertThat(journal.awaitDone(EVENTS)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();

    assertThat(executor.runs.get("slow")).isEqualTo(all());
    assertThat(listener.outcomes).noneMatch(o -> o.endsWith("Dropped"));
  }

  @Test
  void explicitDropNewestStillDrops() throws Exception {
    Reactor reactor = reactor("    queue: 3\n    overflow: drop-newest\n");
    burst(reactor);
    executor.release.countDown();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();

    assertThat(executor.runs.get("slow")).containsExactly("v0", "v1", "v2", "v3");
    assertThat(listener.outcomes).filteredOn(o -> o.endsWith("Dropped")).hasSize(EVENTS - 4);
  }

  @Test
  void aChangedRuleTakesOverWhatItsOldVersionLeftInTheJournal() throws Exception {
    Reactor reactor = reactor("    queue: 3\n");
    burst(reactor);
    reactor.reload(RulesLoader.parse("r.yml", rules("    queue: 5\n")));

    executor.release.countDown();
    assertThat(journal.awaitDone(EVENTS)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(executor.runs.get("slow")).containsExactlyInAnyOrderElementsOf(all());
  }

  @Test
  void aRemovedRuleIsDoneWithWhatItLeftInTheJournal() throws Exception {
    Reactor reactor = reactor("    queue: 3\n");
    burst(reactor);
    reactor.reload(
        RulesLoader.parse(
            "r.yml", "events_reactor:\n  other:\n    event: {type: image}\n    run: [x]\n"));

    executor.release.countDown();
    assertThat(journal.awaitDone(EVENTS)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(executor.runs.get("slow")).containsExactly("v0", "v1", "v2", "v3");
    assertThat(listener.outcomes).filteredOn(o -> o.endsWith("RuleRemoved")).hasSize(EVENTS - 4);
  }

  /**
   * After a gap, a reconcile routes its synthetic events on its own thread while the reader routes
   * the stream. One journaled, then offered to a spilling rule only after the reader's next events
   * had stretched the rule's range over it, was read back from the journal and then ran again.
   */
  @Test
  void aReconcilesEventAndTheStreamsReachASpillingRuleInTheJournalsOrder() throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    SpillJournal pausing =
        new SpillJournal() {
          /** The reconcile's event is numbered, then its thread is preempted for a while. */
          @Override
          @SuppressWarnings("UnsynchronizedOverridesSynchronized") // it waits outside the lock
          public OptionalLong append(DockerEvent event, List<String> rules) {
            OptionalLong seq = super.append(event, rules);
            if (event.synthetic()) {
              appended.countDown();
              try {
                assertThat(proceed.await(10, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return seq;
          }
        };
    Reactor reactor =
        TestReactors.of(
            """
            events_reactor:
              slow:
                reconcile: true
                event: {type: container}
                run: [slow, '%%actor.id%%']
                order: rule
                queue: 1
            """,
            executor, listener, 8, Optional.of(pausing));
    reactor.accept(container("c0"));
    assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    reactor.accept(container("c1"));
    reactor.accept(container("c2"));
    Thread reconcile =
        new Thread(
            () ->
                reactor.reconcile(
                    List.of(new ContainerSummary("new", "n-new", "img", true)), 1_000));
    reconcile.start();
    assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
    Thread reader =
        new Thread(
            () -> {
              try {
                reactor.accept(container("c3"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    reader.start();
    // The reader routes its event meanwhile, or waits for the reconcile's to be routed first.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reader.getState() != Thread.State.BLOCKED
        && reader.getState() != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    boolean routed = reader.getState() == Thread.State.TERMINATED;
    executor.release.countDown();
    // What the rule kept in the journal is read back and run: with the reader's event, if routed.
    assertThat(pausing.awaitDone(routed ? 5 : 3)).isTrue();
    proceed.countDown();
    reconcile.join(TimeUnit.SECONDS.toMillis(10));
    reader.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(pausing.awaitDone(5)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(executor.runs.get("slow")).containsExactlyInAnyOrder("c0", "c1", "c2", "new", "c3");
  }

  private static DockerEvent container(String id) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"kill\",\"Actor\":{\"ID\":\""
            + id
            + "\",\"Attributes\":{\"name\":\"n-"
            + id
            + "\"}},\"timeNano\":1}");
  }

  /**
   * A reload hands the events waiting in a changed rule's debounce to its new version: older than
   * the events the new version took meanwhile. One reaching it while it spilled cut its range short
   * (the newer events waited in the journal until the next start).
   */
  @Test
  void aDebouncedEventHandedToASpillingNewVersionCutsNothingShort() throws Exception {
    assertThat(handedOver(4, 0)).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v100");
  }

  /**
   * One that began the new version's spill stretched its range over the events it had queued
   * itself, which then ran a second time.
   */
  @Test
  void aDebouncedEventThatBeginsTheNewVersionsSpillReadsNothingBackTwice() throws Exception {
    assertThat(handedOver(2, 1)).containsExactlyInAnyOrder("v1", "v2", "v100", "v3");
  }

  /**
   * An event waits in the debounce of a rule's old version; its new version (no debounce, a queue
   * of one) takes {@code before} events (the first runs and blocks), then the old one is retired
   * and the new one takes {@code after} more. What the new version ran, once everything is done.
   */
  private List<String> handedOver(int before, int after) throws Exception {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try {
      Progress progress =
          new Progress(Optional.empty(), EngineClock.system(), Optional.of(journal));
      Lane old = lane("    debounce: 1h\n", progress, timers);
      Lane next = lane("    order: rule\n    queue: 1\n", progress, timers);
      offer(old, progress, volume(100));
      offer(next, progress, volume(1));
      assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 2; i <= before; i++) {
        offer(next, progress, volume(i));
      }
      old.retire(Optional.of(next));
      for (int i = before + 1; i <= before + after; i++) {
        offer(next, progress, volume(i));
      }
      executor.release.countDown();
      assertThat(journal.awaitDone(before + after + 1)).isTrue();
      next.close();
      next.join();
      old.join();
      return executor.runs.get("r");
    } finally {
      timers.shutdownNow();
    }
  }

  private Lane lane(String options, Progress progress, ScheduledExecutorService timers)
      throws Exception {
    return new Lane(
        RulesLoader.parse(
                "r.yml",
                "events_reactor:\n  r:\n    event: {type: volume}\n    run: [slow, '%%actor.id%%']\n"
                    + options)
            .rules()
            .get(0),
        new LaneParts(
            executor,
            listener,
            progress,
            new Semaphore(8),
            Timers.of(timers),
            Staffing.WORKERS,
            new QueueBudget(Long.MAX_VALUE),
            ContainerFacts.none("no engine"),
            Optional.of(journal)));
  }

  /** Journals the event for the rule and offers it to the lane, as the reactor does. */
  private void offer(Lane lane, Progress progress, DockerEvent event) {
    long seq = journal.append(event, List.of("r")).getAsLong();
    QueuedEvent queued =
        new QueuedEvent(
            new EventContext(event, ContainerFacts.none("no engine")),
            progress.begin(event, 1, seq));
    lane.offer(queued);
    queued.offered(progress);
  }
}
