package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReactorReloadTest {

  private static final String HOLDING =
      """
      events_reactor:
        debounced:
          event: {type: volume}
          debounce: 1h
          run: [fast, '%%actor.id%%']
        throttled:
          event: {type: volume}
          throttle: {max: 1, per: 1h}
          key: '%%type%%'
          run: [slow, '%%actor.id%%']
        queued:
          event: {type: volume}
          order: rule
          run: [slow, '%%actor.id%%']
        kept:
          order: rule
          run: [fast, '%%actor.id%%']
      """;

  private static final String ONLY_KEPT =
      "events_reactor:\n  kept:\n    order: rule\n    run: [fast, '%%actor.id%%']\n";

  private static DockerEvent volume(int i) throws Exception {
    return TestEvents.volume(i);
  }

  private static Reactor reactor(String rules, ActionExecutor executor, ReactorListener listener)
      throws Exception {
    return TestReactors.of(rules, executor, listener, 8, Optional.empty());
  }

  private static Optional<Long> awaitCheckpoint(Reactor reactor, long timeNano) {
    return awaitCheckpoint(reactor::checkpoint, timeNano);
  }

  /** Waits (with a deadline) for the checkpoint to reach the event stamped {@code timeNano}. */
  static Optional<Long> awaitCheckpoint(Supplier<Optional<Checkpoint>> checkpoint, long timeNano) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<Long> at = checkpoint.get().map(c -> c.last().timeNano());
      if (at.isPresent() && at.get() >= timeNano) {
        return at;
      }
      Thread.onSpinWait();
    }
    return checkpoint.get().map(c -> c.last().timeNano());
  }

  private static List<String> outcomes(ReactorTest.RecordingListener listener, String rule) {
    return listener.outcomes.stream()
        .filter(o -> o.startsWith(rule + " "))
        .map(o -> o.substring(rule.length() + 1))
        .collect(Collectors.toList());
  }

  @Test
  void removingRulesThatHoldDebouncedThrottledAndQueuedEventsCompletesEveryTicket()
      throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    ReactorTest.RecordingListener listener = new ReactorTest.RecordingListener();
    Reactor reactor = reactor(HOLDING, executor, listener);
    for (int i = 0; i < 5; i++) {
      reactor.accept(volume(i));
    }

    reactor.reload(RulesLoader.parse("r.yml", ONLY_KEPT));
    reactor.accept(volume(5));
    executor.release.countDown();

    // Before the fix, the debounce timers offered into the closed lane an hour later and the
    // checkpoint stayed before v0 for good.
    assertThat(awaitCheckpoint(reactor, 6)).hasValue(6L);
    assertThat(outcomes(listener, "debounced"))
        .containsExactly(
            "v0 RuleRemoved",
            "v1 RuleRemoved",
            "v2 RuleRemoved",
            "v3 RuleRemoved",
            "v4 RuleRemoved");
    assertThat(executor.runs.get("queued")).containsExactly("v0", "v1", "v2", "v3", "v4");
    assertThat(executor.runs.get("throttled")).containsExactly("v0");
    assertThat(outcomes(listener, "throttled")).filteredOn(o -> o.endsWith("Throttled")).hasSize(4);
    assertThat(executor.runs.get("kept")).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aChangedRuleGetsANewLaneAndTheOldOneStillFinishesWhatItQueued() throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    ReactorTest.RecordingListener listener = new ReactorTest.RecordingListener();
    Reactor reactor =
        reactor("events_reactor:\n  r:\n    run: [slow, 'old %%actor.id%%']\n", executor, listener);
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }

    reactor.reload(
        RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [fast, 'new %%actor.id%%']\n"));
    reactor.accept(volume(3));
    executor.release.countDown();

    assertThat(awaitCheckpoint(reactor, 4)).hasValue(4L);
    assertThat(executor.runs.get("r")).contains("old v0", "old v1", "old v2", "new v3");
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aChangedRulesNewVersionActsOnlyAfterTheOldOneRanWhatItHeld() throws Exception {
    // Seed 133 of the fault simulator: an older event still held by the old version ran after a
    // newer one of the same order key that the new version took. The old action waits for the
    // new one to start, so without the wait for the old lane the two land out of order.
    CountDownLatch newStarted = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    ActionExecutor executor =
        new FakeExecutor() {
          @Override
          public Outcome run(
              io.github.dockereventsreactor.rules.Rule rule,
              DockerEvent event,
              io.github.dockereventsreactor.rules.Prepared.Command command) {
            String version = command.argv().get(0);
            if (version.equals("new")) {
              newStarted.countDown();
            } else {
              try {
                newStarted.await(3, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            ran.add(version + " " + command.argv().get(1));
            return new Outcome.Exited(0, Duration.ZERO);
          }
        };
    Reactor reactor =
        reactor(
            "events_reactor:\n  r:\n    order: rule\n    run: [old, '%%actor.id%%']\n",
            executor, new ReactorTest.RecordingListener());
    reactor.accept(volume(0));

    reactor.reload(
        RulesLoader.parse(
            "r.yml", "events_reactor:\n  r:\n    order: rule\n    run: [new, '%%actor.id%%']\n"));
    reactor.accept(volume(1));

    assertThat(awaitCheckpoint(reactor, 2)).hasValue(2L);
    assertThat(ran).containsExactly("old v0", "new v1");
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aChangedDebouncedRuleTakesOverTheEventsWaitingThatItStillMatches() throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    ReactorTest.RecordingListener listener = new ReactorTest.RecordingListener();
    Reactor reactor =
        reactor(
            """
            events_reactor:
              r:
                debounce: 1h
                run: [fast, 'old %%actor.id%%']
              narrowed:
                debounce: 1h
                run: [fast, 'old %%actor.id%%']
            """,
            executor, listener);
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }

    reactor.reload(
        RulesLoader.parse(
            "r.yml",
            """
            events_reactor:
              r:
                debounce: 10ms
                run: [fast, 'new %%actor.id%%']
              narrowed:
                event: {actor: {id: v1}}
                debounce: 10ms
                run: [fast, 'new %%actor.id%%']
            """));

    assertThat(awaitCheckpoint(reactor, 3)).hasValue(3L);
    assertThat(executor.runs.get("r")).containsExactlyInAnyOrder("new v0", "new v1", "new v2");
    assertThat(executor.runs.get("narrowed")).containsExactly("new v1");
    assertThat(outcomes(listener, "narrowed")).contains("v0 RuleRemoved", "v2 RuleRemoved");
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void reloadsInARowRetireEachGenerationOfLanes() throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    ReactorTest.RecordingListener listener = new ReactorTest.RecordingListener();
    Reactor reactor = reactor(HOLDING, executor, listener);
    executor.release.countDown();
    for (int i = 0; i < 20; i++) {
      reactor.accept(volume(i));
      reactor.reload(RulesLoader.parse("r.yml", i % 2 == 0 ? ONLY_KEPT : HOLDING));
    }

    assertThat(awaitCheckpoint(reactor, 20)).hasValue(20L);
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aReloadLandingBetweenMatchingAnEventAndQueueingItHandsItToTheChangedRule() throws Exception {
    String before =
        "events_reactor:\n  r:\n    event: {type: volume}\n    concurrency: 1\n    run: [x]\n";
    String after =
        "events_reactor:\n  r:\n    event: {type: volume}\n    concurrency: 2\n    run: [x]\n";
    List<String> ran = new java.util.ArrayList<>();
    List<String> outcomes = new java.util.ArrayList<>();
    Reactor[] reactor = new Reactor[1];
    ReactorListener reloading =
        new ReactorListener() {
          private boolean reloaded;

          @Override
          public void matched(io.github.dockereventsreactor.rules.Rule rule, DockerEvent event) {
            // The reload thread's turn comes while the reader holds the old rules' lanes.
            if (!reloaded) {
              reloaded = true;
              try {
                reactor[0].reload(RulesLoader.parse("r.yml", after));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }

          @Override
          public void outcome(
              io.github.dockereventsreactor.rules.Rule rule, DockerEvent event, Outcome outcome) {
            outcomes.add(outcome.getClass().getSimpleName());
          }
        };
    FakeExecutor executor =
        new FakeExecutor() {
          @Override
          public Outcome run(
              io.github.dockereventsreactor.rules.Rule rule,
              DockerEvent event,
              io.github.dockereventsreactor.rules.Prepared.Command command) {
            ran.add(event.actor().id() + " concurrency " + rule.options().concurrency());
            return new Outcome.Exited(0, Duration.ZERO);
          }
        };
    EventTime time = new EventTime();
    reactor[0] =
        Reactor.onEventTime(
            RulesLoader.parse("r.yml", before),
            io.github.dockereventsreactor.template.ContainerFacts.none("no engine"),
            executor,
            reloading,
            time);

    reactor[0].accept(volume(1));

    assertThat(ran).containsExactly("v1 concurrency 2");
    assertThat(outcomes).containsExactly("Exited");
  }
}
