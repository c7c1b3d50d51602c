package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueBudgetTest {

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final Progress progress =
      new Progress(Optional.empty(), EngineClock.system(), Optional.empty());
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch skipped = new CountDownLatch(1);
  private Lane lane;

  /** {@code --max-running} permits that say when a worker first asks for one. */
  @SuppressWarnings("serial")
  private static final class WatchedPermits extends Semaphore {
    final CountDownLatch asked = new CountDownLatch(1);

    WatchedPermits(int permits) {
      super(permits);
    }

    @Override
    public void acquire() throws InterruptedException {
      asked.countDown();
      super.acquire();
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    if (lane != null) {
      lane.close();
      lane.join();
    }
    timers.shutdownNow();
  }

  private static DockerEvent event(int i) throws Exception {
    return TestEvents.volume(i);
  }

  /** Blocks on the first event until released; records the outcome of every event. */
  private final ActionExecutor blocking =
      (rule, event, action) -> {
        if (action instanceof Prepared.Skipped skip) {
          return new Outcome.Skipped(skip.reason());
        }
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new Outcome.Exited(0, Duration.ZERO);
      };

  private final ReactorListener recording =
      new ReactorListener() {

        @Override
        public void matched(Rule rule, DockerEvent event) {}

        @Override
        public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
          outcomes.add(event.actor().id() + " " + outcome.getClass().getSimpleName());
          if (outcome instanceof Outcome.Skipped) {
            skipped.countDown();
          }
        }
      };

  private void offer(int i) throws Exception {
    DockerEvent event = event(i);
    lane.offer(
        new QueuedEvent(
            new EventContext(event, ContainerFacts.none("no engine")),
            progress.begin(event, 1, Progress.UNJOURNALED)));
  }

  private void lane(String options, QueueBudget budget) throws Exception {
    lane(options + "    run: [x]\n", budget, new Semaphore(4));
  }

  /** The rule's lane, its commands run by {@code blocking}, taking permits of {@code running}. */
  private void lane(String rule, QueueBudget budget, Semaphore running) throws Exception {
    Rule parsed = RulesLoader.parse("r.yml", "events_reactor:\n  r:\n" + rule).rules().get(0);
    lane =
        TestReactors.lane(
            parsed, blocking, recording, progress, Timers.of(timers), running, budget);
  }

  @Test
  void aQueuedEventIsAccountedAtTheMeasuredHeapPerByteOfRawJsonAndAFixedOverhead()
      throws Exception {
    DockerEvent event = event(1);
    assertThat(QueueBudget.sizeOf(event)).isEqualTo(5L * event.json().length() / 4 + 320);
    assertThat(QueueBudget.ofHeap(64L << 20).limit()).isEqualTo((long) (0.4 * (64L << 20)));
  }

  @Test
  void theBudgetTakesWhatFitsAndNothingElse() {
    QueueBudget budget = new QueueBudget(1000);
    assertThat(budget.take(600)).isTrue();
    assertThat(budget.take(600)).isFalse();
    assertThat(budget.used()).isEqualTo(600);
    budget.give(600);
    assertThat(budget.take(1000)).isTrue();
  }

  @Test
  void aFullBudgetDropsByTheRulesPolicyAndGivesBackWhatLeavesTheQueue() throws Exception {
    long size = QueueBudget.sizeOf(event(0));
    QueueBudget budget = new QueueBudget(3 * size);
    // One command at a time: the first event holds the only worker, the rest wait in the queue.
    lane("    order: rule\n", budget);
    offer(0);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    // The running event left the queue: three more fit the budget, the rest are dropped.
    for (int i = 1; i <= 6; i++) {
      offer(i);
    }
    assertThat(lane.queued()).isEqualTo(3);
    assertThat(lane.queuedBytes()).isEqualTo(3 * size);
    assertThat(budget.used()).isEqualTo(3 * size);
    assertThat(outcomes).containsExactly("v4 Dropped", "v5 Dropped", "v6 Dropped");

    release.countDown();
    lane.close();
    lane.join();
    assertThat(budget.used()).isZero();
    assertThat(lane.queuedBytes()).isZero();
  }

  @Test
  void aRuleQueueBoundInBytesDropsTheOldestWhenAskedTo() throws Exception {
    lane(
        "    queue: 1KiB\n    overflow: drop-oldest\n    order: rule\n",
        new QueueBudget(Long.MAX_VALUE));
    long size = QueueBudget.sizeOf(event(0));
    int fit = (int) (1024 / size);
    offer(0);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= fit + 2; i++) {
      offer(i);
    }
    assertThat(lane.queued()).isEqualTo(fit);
    assertThat(outcomes).containsExactly("v1 Dropped", "v2 Dropped");
  }

  @Test
  void theBytesOfAnEventAQueueFullByCountRefusesGoBackToTheBudget() throws Exception {
    long size = QueueBudget.sizeOf(event(0));
    QueueBudget budget = new QueueBudget(100 * size);
    lane("    queue: 2\n    order: rule\n", budget);
    offer(0);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 5; i++) {
      offer(i);
    }

    assertThat(outcomes).containsExactly("v3 Dropped", "v4 Dropped", "v5 Dropped");
    assertThat(lane.queued()).isEqualTo(2);
    assertThat(budget.used()).isEqualTo(2 * size);
  }

  @Test
  void aCommandWaitsForAMaxRunningPermitAndRunsOnceOneIsFree() throws Exception {
    WatchedPermits permits = new WatchedPermits(1);
    assertThat(permits.tryAcquire()).isTrue();
    lane("    run: [x]\n", new QueueBudget(Long.MAX_VALUE), permits);
    offer(0);

    assertThat(permits.asked.await(10, TimeUnit.SECONDS)).as("a permit asked for").isTrue();
    assertThat(started.getCount()).as("ran without a permit").isEqualTo(1);
    permits.release();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anActionSkippedForAMissingValueNeedsNoMaxRunningPermit() throws Exception {
    WatchedPermits permits = new WatchedPermits(1);
    assertThat(permits.tryAcquire()).isTrue();
    // A volume has no name: the action is skipped, and nothing waits for the permit held here.
    lane("    run: [x, '%%actor.name%%']\n", new QueueBudget(Long.MAX_VALUE), permits);
    offer(0);

    assertThat(skipped.await(10, TimeUnit.SECONDS)).as("skipped at once").isTrue();
    assertThat(permits.asked.getCount()).isEqualTo(1);
  }
}
