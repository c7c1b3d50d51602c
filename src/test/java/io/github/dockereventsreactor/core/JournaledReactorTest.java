package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.ReactorTest.RecordingExecutor;
import io.github.dockereventsreactor.core.ReactorTest.RecordingListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JournaledReactorTest {

  private static final String RULES =
      """
      events_reactor:
        slow:
          event: {type: volume}
          run: [slow, '%%actor.id%%']
        fast:
          event: {type: volume}
          run: [fast, '%%actor.id%%']
      """;

  /** The journal in memory: what was appended for which rules, and which rules are done. */
  static final class MemoryJournal implements EventJournal {
    final Map<Long, List<String>> appended = new ConcurrentHashMap<>();
    final Map<Long, String> ids = new ConcurrentHashMap<>();
    final List<String> done = new CopyOnWriteArrayList<>();
    boolean full;
    long next = 1;

    @Override
    public OptionalLong append(DockerEvent event, List<String> rules) {
      if (full) {
        return OptionalLong.empty();
      }
      appended.put(next, List.copyOf(rules));
      ids.put(next, event.actor().id());
      return OptionalLong.of(next++);
    }

    @Override
    public List<Pending> spilled(String rule, long from, long to, int max) {
      return List.of();
    }

    @Override
    public synchronized void done(long seq, String rule) {
      done.add(rule + " " + ids.getOrDefault(seq, "#" + seq));
      notifyAll();
    }

    /** Waits until {@code count} dones were told, up to a deadline; a rule tells its done last. */
    synchronized boolean awaitDone(int count) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (done.size() < count && System.nanoTime() < end) {
        wait(100);
      }
      return done.size() >= count;
    }
  }

  private static Reactor reactor(
      RecordingExecutor executor, RecordingListener listener, EventJournal journal)
      throws Exception {
    return TestReactors.of(
        RULES + "  counts only:\n    event: {type: volume}\n    metric: {name: volumes}\n",
        executor,
        listener,
        8,
        Optional.of(journal));
  }

  private static DockerEvent volume(int i) throws Exception {
    return TestEvents.volume(i, i);
  }

  @Test
  void eachEventIsJournaledForItsRulesAndEachRuleDoneIsToldWhileTheCheckpointFollowsTheReader()
      throws Exception {
    RecordingExecutor executor = new RecordingExecutor(3);
    MemoryJournal journal = new MemoryJournal();
    Reactor reactor = reactor(executor, new RecordingListener(), journal);
    reactor.accept(EventJson.parse("{\"Type\":\"image\",\"Action\":\"tag\",\"timeNano\":1}"));
    for (int i = 2; i < 5; i++) {
      reactor.accept(volume(i));
    }
    assertThat(journal.awaitDone(3)).isTrue();

    // The image event matched no rule with a command: not journaled, yet read.
    assertThat(journal.appended.values())
        .hasSize(3)
        .allMatch(
            rules ->
                rules.equals(List.of("slow", "fast")) || rules.equals(List.of("fast", "slow")));
    assertThat(journal.done).containsExactlyInAnyOrder("fast v2", "fast v3", "fast v4");
    // The slow rule holds events 2..4, yet they are safe in the journal: the position is the
    // reader's.
    assertThat(reactor.checkpoint().map(Checkpoint::last))
        .hasValue(new EventId(4, "volume", "create", "v4"));

    executor.release.countDown();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(journal.done).contains("slow v2", "slow v3", "slow v4").hasSize(6);
  }

  @Test
  void aFullJournalDropsTheEventForItsRulesBeforeAnyRunsIt() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(1);
    executor.release.countDown();
    MemoryJournal journal = new MemoryJournal();
    journal.full = true;
    RecordingListener listener = new RecordingListener();
    Reactor reactor = reactor(executor, listener, journal);

    reactor.accept(volume(1));
    reactor.stop(Duration.ofSeconds(10));

    assertThat(executor.runs).isEmpty();
    assertThat(listener.outcomes).containsExactlyInAnyOrder("slow v1 Dropped", "fast v1 Dropped");
    assertThat(reactor.checkpoint().map(Checkpoint::last))
        .hasValue(new EventId(1, "volume", "create", "v1"));
  }

  @Test
  void pendingEventsGoBackToTheRulesNotDoneWithThemInOrderAndARemovedRuleLetsGo() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(2);
    executor.release.countDown();
    MemoryJournal journal = new MemoryJournal();
    Reactor reactor = reactor(executor, new RecordingListener(), journal);
    List<EventJournal.Pending> pending = new ArrayList<>();
    pending.add(new EventJournal.Pending(7, volume(7), List.of("fast")));
    pending.add(new EventJournal.Pending(8, volume(8), List.of("slow", "fast", "renamed")));

    reactor.recover(pending.stream());
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();

    assertThat(executor.runs.get("fast")).containsExactly("v7", "v8");
    assertThat(executor.runs.get("slow")).containsExactly("v8");
    assertThat(journal.done)
        .containsExactlyInAnyOrder("renamed #8", "fast #7", "fast #8", "slow #8");
    // Replayed events were read before this start: they do not move the position.
    assertThat(reactor.checkpoint()).isEmpty();
    assertThat(journal.appended).isEmpty();
  }

  @Test
  void whatAStopKillsOrLeavesQueuedStaysPendingInTheJournal() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(3);
    MemoryJournal journal = new MemoryJournal();
    Reactor reactor = reactor(executor, new RecordingListener(), journal);
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }
    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(reactor.stop(Duration.ofMillis(200))).isFalse();

    assertThat(journal.done).containsExactlyInAnyOrder("fast v0", "fast v1", "fast v2");
  }
}
