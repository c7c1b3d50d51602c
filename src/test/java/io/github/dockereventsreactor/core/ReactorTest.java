package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Inspection;
import io.github.dockereventsreactor.template.Lookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReactorTest {

  /** A rule whose commands block until released, and one that runs at once. */
  private static final String SLOW_AND_FAST =
      """
      events_reactor:
        slow:
          event: {type: volume}
          run: [slow, '%%actor.id%%']
          order: rule
        fast:
          run: [fast, '%%actor.id%%']
          order: rule
      """;

  private static final String RULES =
      SLOW_AND_FAST
          + """
            needs exit code:
              event: {type: volume}
              run: [exit, '%%actor.exitCode%%']
          """;

  /** Records argv per rule; commands named "slow" block until released. */
  static class RecordingExecutor extends FakeExecutor {
    final Map<String, List<String>> runs = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);

    /** Counted down when the first slow command has started (and blocks). */
    final CountDownLatch slowStarted = new CountDownLatch(1);

    final CountDownLatch fastDone;

    RecordingExecutor(int fastEvents) {
      fastDone = new CountDownLatch(fastEvents);
    }

    @Override
    public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
      runs.computeIfAbsent(rule.name(), k -> new CopyOnWriteArrayList<>()).add(request.url());
      return new Outcome.Delivered(200, Duration.ZERO, 1);
    }

    @Override
    public Outcome publish(Rule rule, DockerEvent event, Prepared.Message message) {
      runs.computeIfAbsent(rule.name(), k -> new CopyOnWriteArrayList<>()).add(message.subject());
      return new Outcome.Published("EVENTS", 1, false, Duration.ZERO, 1);
    }

    @Override
    public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
      List<String> argv = command.argv();
      if (argv.get(0).equals("slow")) {
        slowStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome.Interrupted(Duration.ZERO);
        }
      }
      runs.computeIfAbsent(rule.name(), k -> new CopyOnWriteArrayList<>()).add(argv.get(1));
      if (argv.get(0).equals("fast")) {
        fastDone.countDown();
      }
      return new Outcome.Exited(0, Duration.ZERO);
    }
  }

  static class RecordingListener implements ReactorListener {
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    final List<String> gaps = new CopyOnWriteArrayList<>();
    final List<String> matches = new CopyOnWriteArrayList<>();

    @Override
    public void matched(Rule rule, DockerEvent event) {
      matches.add(rule.name() + " " + event.actor().id());
    }

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      outcomes.add(
          rule.name() + " " + event.actor().id() + " " + outcome.getClass().getSimpleName());
    }

    @Override
    public void gap(int appeared, int vanished) {
      gaps.add(appeared + " appeared, " + vanished + " vanished");
    }
  }

  private static Reactor reactor(String rules, ActionExecutor executor, ReactorListener listener)
      throws Exception {
    return TestReactors.of(rules, executor, listener, 8, Optional.empty());
  }

  private static DockerEvent volume(int i) throws Exception {
    return TestEvents.volume(i, i);
  }

  private static DockerEvent container(String action, String id, long timeNano) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\""
            + action
            + "\",\"Actor\":{\"ID\":\""
            + id
            + "\",\"Attributes\":{\"name\":\"n-"
            + id
            + "\"}},\"timeNano\":"
            + timeNano
            + "}");
  }

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("v" + i);
    }
    return ids;
  }

  @Test
  void aSlowRuleDelaysNeitherTheReaderNorOtherRulesAndKeepsItsOwnOrder() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(200);
    Reactor reactor = reactor(RULES, executor, new RecordingListener());

    for (int i = 0; i < 200; i++) {
      reactor.accept(volume(i));
    }

    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.runs.get("slow")).isNull();
    executor.release.countDown();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(executor.runs.get("slow")).containsExactlyElementsOf(ids(200));
    assertThat(executor.runs.get("fast")).containsExactlyElementsOf(ids(200));
  }

  @Test
  void anEventThatRunsACommandPassesEachStageOnceAndOneThatMatchesNothingPassesNone()
      throws Exception {
    RecordingExecutor executor = new RecordingExecutor(1);
    List<String> stages = new CopyOnWriteArrayList<>();
    RecordingListener listener =
        new RecordingListener() {
          @Override
          public void stage(Stage stage, DockerEvent event) {
            stages.add(stage + " " + event.actor().id());
          }
        };
    Reactor reactor =
        reactor(
            """
            events_reactor:
              fast:
                event: {type: volume}
                run: [fast, '%%actor.id%%']
            """,
            executor, listener);

    reactor.accept(container("start", "c1", 1));
    reactor.accept(volume(1));

    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    // The reader's two and the worker's two each in order; the worker may run before QUEUED.
    assertThat(stages)
        .containsExactlyInAnyOrder("MATCHED v1", "QUEUED v1", "WOKE v1", "RENDERED v1");
    assertThat(stages.indexOf("MATCHED v1")).isLessThan(stages.indexOf("QUEUED v1"));
    assertThat(stages.indexOf("MATCHED v1")).isLessThan(stages.indexOf("WOKE v1"));
    assertThat(stages.indexOf("WOKE v1")).isLessThan(stages.indexOf("RENDERED v1"));
  }

  @Test
  void aListenerThatThrowsOnOneEventCostsThatEventNothingButTheListenerAndTheNextIsWhole()
      throws Exception {
    RecordingExecutor executor = new RecordingExecutor(2);
    executor.release.countDown();
    List<HandlingStep> internal = new CopyOnWriteArrayList<>();
    RecordingListener listener =
        new RecordingListener() {
          @Override
          public void received(DockerEvent event) {
            if (event.actor().id().equals("v1")) {
              throw new StringIndexOutOfBoundsException("begin 14, end 13, length 13");
            }
          }

          @Override
          public void internalError(HandlingStep step) {
            internal.add(step);
          }
        };
    Reactor reactor = reactor(RULES, executor, listener);

    reactor.accept(volume(1));
    assertThat(reactor.notReady())
        .hasValueSatisfying(r -> assertThat(r).contains("internal error", "listener"));
    reactor.accept(volume(2));

    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reactor.notReady()).isEmpty();
    assertThat(internal).containsExactly(HandlingStep.LISTENER);
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(executor.runs.get("fast")).containsExactly("v1", "v2");
    assertThat(reactor.checkpoint().map(c -> c.last().actorId())).hasValue("v2");
  }

  @Test
  void aRuleWhoseWorkerDiedMakesTheReactorNotReadyNamingIt() throws Exception {
    ActionExecutor dying =
        new RecordingExecutor(0) {
          @Override
          public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
            if (rule.name().equals("fast")) {
              // No worker may survive this one: the JVM itself is in trouble.
              throw new StackOverflowError("test");
            }
            return new Outcome.Exited(0, Duration.ZERO);
          }
        };
    Reactor reactor = reactor(RULES, dying, new RecordingListener());
    assertThat(reactor.notReady()).isEmpty();

    Thread.UncaughtExceptionHandler quiet = (t, e) -> {};
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(quiet);
    try {
      reactor.accept(volume(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reactor.notReady().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }

    assertThat(reactor.notReady()).hasValue("rule \"fast\" has no running worker: its events wait");
    reactor.stop(Duration.ofSeconds(5));
  }

  @Test
  void aMissingPlaceholderSkipsTheCommandAndSaysSo() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(1);
    executor.release.countDown();
    RecordingListener listener = new RecordingListener();
    Reactor reactor = reactor(RULES, executor, listener);

    reactor.accept(volume(1));
    reactor.stop(Duration.ofSeconds(10));

    assertThat(listener.outcomes)
        .containsExactlyInAnyOrder(
            "slow v1 Exited", "fast v1 Exited", "needs exit code v1 Skipped");
  }

  @Test
  void stopKillsWhatOutlivesTheGracePeriodAndTheCheckpointStaysBeforeIt() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(3);
    RecordingListener listener = new RecordingListener();
    Reactor reactor = reactor(RULES, executor, listener);
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }
    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();

    boolean drained = reactor.stop(Duration.ofMillis(200));

    assertThat(drained).isFalse();
    assertThat(listener.outcomes).contains("slow v0 Interrupted").doesNotContain("slow v1 Exited");
    assertThat(executor.runs.get("fast")).containsExactly("v0", "v1", "v2");
    assertThat(reactor.checkpoint()).isEmpty();
  }

  @Test
  void theCheckpointIsTheLastEventWhoseActionsAndAllEarlierOnesAreDone() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(3);
    Reactor reactor = reactor(RULES, executor, new RecordingListener());
    reactor.accept(EventJson.parse("{\"Type\":\"image\",\"Action\":\"tag\",\"timeNano\":1}"));
    for (int i = 2; i < 5; i++) {
      reactor.accept(volume(i));
    }
    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();
    // Events 2..4 wait for the slow rule: the checkpoint stays at the image event.
    assertThat(reactor.checkpoint().map(Checkpoint::last))
        .hasValue(new EventId(1, "image", "tag", ""));

    executor.release.countDown();
    reactor.stop(Duration.ofSeconds(10));

    assertThat(reactor.checkpoint().map(Checkpoint::last))
        .hasValue(new EventId(4, "volume", "create", "v4"));
    // With the done events before it that a resume may get back, in stream order.
    assertThat(reactor.checkpoint().orElseThrow().recent())
        .extracting(EventId::timeNano)
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aFullQueueDropsByTheRulesPolicyAndCountsEachDrop() throws Exception {
    String rules =
        """
        events_reactor:
          newest:
            queue: 2
            order: rule
            run: [slow, '%%actor.id%%']
          oldest:
            queue: 2
            order: rule
            overflow: drop-oldest
            run: [slow, '%%actor.id%%']
        """;
    RecordingExecutor executor = new RecordingExecutor(0);
    RecordingListener listener = new RecordingListener();
    Reactor reactor = reactor(rules, executor, listener);
    reactor.accept(volume(0));
    // Wait until both lanes took v0 and block on it, so the queues hold exactly what follows.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reactor.queued() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    for (int i = 1; i < 6; i++) {
      reactor.accept(volume(i));
    }
    executor.release.countDown();
    reactor.stop(Duration.ofSeconds(10));

    assertThat(executor.runs.get("newest")).containsExactly("v0", "v1", "v2");
    assertThat(executor.runs.get("oldest")).containsExactly("v0", "v4", "v5");
    assertThat(listener.outcomes.stream().filter(o -> o.endsWith("Dropped"))).hasSize(6);
  }

  @Test
  void aReloadAppliesFromTheNextEventAndLosesNothingQueued() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(0);
    Reactor reactor = reactor(RULES, executor, new RecordingListener());
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }
    assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

    RuleSet next =
        RulesLoader.parse(
            "r.yml",
            SLOW_AND_FAST
                + """
                  new:
                    run: [new, '%%actor.id%%']
                """);
    reactor.reload(next);
    // The unchanged rule keeps its lane, queue and all: v0 runs (blocked), v1 and v2 still wait in
    // it. A new lane would start empty, and v3 would overtake them.
    assertThat(reactor.queuedByRule()).containsEntry("slow", 2);
    reactor.accept(volume(3));
    assertThat(reactor.queuedByRule()).containsEntry("slow", 3);
    executor.release.countDown();
    reactor.stop(Duration.ofSeconds(10));

    assertThat(executor.runs.get("slow")).containsExactly("v0", "v1", "v2", "v3");
    assertThat(executor.runs.get("fast")).containsExactly("v0", "v1", "v2", "v3");
    assertThat(executor.runs.get("new")).containsExactly("v3");
  }

  @Test
  void afterAGapOnlyReconcilingRulesGetSyntheticStartsAndDestroys() throws Exception {
    String rules =
        """
        events_reactor:
          reconciling:
            reconcile: true
            event: {type: container}
            run: [fast, '%%action%% %%actor.name%% %%synthetic%%']
          plain:
            event: {type: container}
            order: rule
            run: [fast, '%%action%% %%actor.name%%']
        """;
    RecordingExecutor executor = new RecordingExecutor(0);
    RecordingListener listener = new RecordingListener();
    Reactor reactor = reactor(rules, executor, listener);
    reactor.accept(container("create", "gone", 1));
    reactor.accept(container("start", "gone", 2));
    reactor.accept(container("start", "stays", 3));

    reactor.reconcile(
        List.of(
            new ContainerSummary("stays", "n-stays", "img", true),
            new ContainerSummary("new", "n-new", "img", true),
            new ContainerSummary("created", "n-created", "img", false)),
        10);
    reactor.stop(Duration.ofSeconds(10));

    assertThat(listener.gaps).containsExactly("2 appeared, 1 vanished");
    assertThat(executor.runs.get("reconciling"))
        .containsExactlyInAnyOrder(
            "create n-gone false",
            "start n-gone false",
            "start n-stays false",
            "start n-new true",
            "destroy n-gone true");
    assertThat(executor.runs.get("plain"))
        .containsExactly("create n-gone", "start n-gone", "start n-stays");
  }

  @Test
  void theFactsSeeTheSyntheticEventsOfAGapAsTheyDoReadOnes() throws Exception {
    List<String> observed = new CopyOnWriteArrayList<>();
    ContainerFacts facts =
        new ContainerFacts() {
          @Override
          public Lookup host() {
            return Lookup.missing("none");
          }

          @Override
          public Lookup engineId() {
            return Lookup.missing("none");
          }

          @Override
          public Inspection inspect(DockerEvent event) {
            return new Inspection.Missing("none");
          }

          @Override
          public void observe(DockerEvent event) {
            observed.add(event.action() + " " + event.actor().id());
          }
        };
    Reactor reactor =
        Reactor.running(
            new Reactor.Parts(
                RulesLoader.parse(
                    "r.yml",
                    """
                events_reactor:
                  plain:
                    event: {type: container}
                    run: [fast, '%%action%%']
                """),
                facts,
                List::of,
                EngineClock.system(),
                new RecordingExecutor(0),
                new RecordingListener()),
            Reactor.Start.FRESH,
            new Capacity(8));
    reactor.accept(container("start", "gone", 1));

    reactor.reconcile(List.of(new ContainerSummary("new", "n-new", "img", true)), 10);
    reactor.stop(Duration.ofSeconds(10));

    // The cache forgets the vanished container's document, and learns the new one's.
    assertThat(observed).containsExactly("start gone", "start new", "destroy gone");
  }

  @Test
  void aRuleThatOnlyCountsMatchesWithoutACommand() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(0);
    RecordingListener listener = new RecordingListener();
    Reactor reactor =
        reactor(
            """
            events_reactor:
              counts:
                event: {type: volume}
                metric: {name: volumes, labels: {action: '%%action%%'}}
            """,
            executor, listener);

    reactor.accept(volume(1));
    reactor.stop(Duration.ofSeconds(10));

    assertThat(listener.matches).containsExactly("counts v1");
    assertThat(listener.outcomes).isEmpty();
    assertThat(executor.runs).isEmpty();
    assertThat(reactor.checkpoint().map(Checkpoint::last))
        .hasValue(new EventId(1, "volume", "create", "v1"));
  }
}
