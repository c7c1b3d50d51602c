package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
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
  private Lane lane;

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
    Rule rule =
        RulesLoader.parse("r.yml", "events_reactor:\n  r:\n" + options + "    run: [x]\n")
            .rules()
            .get(0);
    lane = TestReactors.lane(rule, blocking, recording, progress, timers, budget);
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
}
