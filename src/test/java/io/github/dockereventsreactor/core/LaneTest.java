package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LaneTest {

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final Progress progress =
      new Progress(Optional.empty(), EngineClock.system(), Optional.empty());
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private Lane lane;

  @AfterEach
  void stop() throws InterruptedException {
    if (lane != null) {
      lane.close();
      lane.join();
    }
    timers.shutdownNow();
  }

  private static Rule rule(String yaml) throws Exception {
    return RulesLoader.parse("r.yml", "events_reactor:\n  r:\n" + yaml).rules().get(0);
  }

  private static DockerEvent event(int i, String name) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c"
            + i
            + "\","
            + "\"Attributes\":{"
            + (name == null ? "" : "\"name\":\"" + name + "\"")
            + "}},"
            + "\"timeNano\":"
            + (i + 1)
            + "}");
  }

  /** Hears outcomes only. */
  private static final class OutcomeListener implements ReactorListener {
    private final java.util.function.Consumer<String> sink;

    OutcomeListener(java.util.function.Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public void matched(Rule rule, DockerEvent event) {}

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      sink.accept(event.actor().id() + " " + outcome);
    }
  }

  private final ReactorListener recording = new OutcomeListener(outcomes::add);

  /** An executor whose command "throw" throws what the test gives it; others exit 0. */
  private static ActionExecutor throwing(Throwable thrown) {
    return new FakeExecutor() {
      @Override
      public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
        if (command.argv().get(1).equals("c0")) {
          sneak(thrown);
        }
        return new Outcome.Exited(0, Duration.ZERO);
      }

      @Override
      public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
        sneak(thrown);
        return null;
      }

      @Override
      public Outcome publish(Rule rule, DockerEvent event, Prepared.Message message) {
        sneak(thrown);
        return null;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneak(Throwable t) throws T {
    throw (T) t;
  }

  private void offer(int events, String name) throws Exception {
    for (int i = 0; i < events; i++) {
      DockerEvent event = event(i, name);
      lane.offer(
          new QueuedEvent(
              new EventContext(event, ContainerFacts.none("no engine")),
              progress.begin(event, 1, Progress.UNJOURNALED)));
    }
  }

  private Optional<Long> awaitCheckpoint(long timeNano) {
    return ReactorReloadTest.awaitCheckpoint(progress::checkpoint, timeNano);
  }

  private Lane lane(Rule rule, ActionExecutor executor, ReactorListener listener) {
    return TestReactors.lane(
        rule, executor, listener, progress, timers, new QueueBudget(Long.MAX_VALUE));
  }

  static List<Throwable> thrown() {
    return List.of(
        new IllegalArgumentException("Invalid environment variable value"),
        new AssertionError("a bug"),
        new NoClassDefFoundError("gone"),
        new Exception("checked"));
  }

  @ParameterizedTest
  @MethodSource("thrown")
  void whateverACommandThrowsIsItsEventsOutcomeAndTheNextEventRuns(Throwable thrown)
      throws Exception {
    lane =
        lane(rule("    run: [x, '%%actor.id%%']\n    order: rule\n"), throwing(thrown), recording);
    offer(3, "a");

    assertThat(awaitCheckpoint(3)).hasValue(3L);
    assertThat(outcomes)
        .hasSize(3)
        .startsWith("c0 Failed[reason=" + ErrorWords.bug(thrown) + "]")
        .last()
        .asString()
        .startsWith("c2 Exited[status=0");
  }

  @Test
  void aWebhookThatThrowsFailsItsEventOnly() throws Exception {
    lane =
        lane(
            rule("    webhook: {url: 'http://127.0.0.1:1/%%actor.id%%'}\n    order: rule\n"),
            throwing(new IllegalStateException("no client")),
            recording);
    offer(2, "a");

    assertThat(awaitCheckpoint(2)).hasValue(2L);
    assertThat(outcomes)
        .containsExactly(
            "c0 Failed[reason=illegal state: no client]",
            "c1 Failed[reason=illegal state: no client]");
  }

  @Test
  void aListenerThatThrowsCostsItsReportButNeverTheTicket() throws Exception {
    ReactorListener broken =
        new OutcomeListener(
            o -> {
              throw new IllegalStateException("listener bug");
            });
    lane = lane(rule("    run: [x, '%%actor.id%%']\n"), throwing(new AssertionError()), broken);
    offer(3, "a");

    assertThat(awaitCheckpoint(3)).hasValue(3L);
  }

  @Test
  void anEventWithoutTheKeysValueIsSkippedWithTheReasonNotBucketedUnderEmpty() throws Exception {
    lane =
        lane(
            rule(
                """
                    run: [x, '%%actor.id%%']
                    throttle: {max: 1, per: 1h}
                    key: '%%actor.name%%'
                """),
            throwing(new AssertionError()),
            recording);
    DockerEvent named = event(1, "web");
    DockerEvent unnamed = event(2, null);
    DockerEvent unnamedToo = event(3, null);
    for (DockerEvent e : List.of(named, unnamed, unnamedToo)) {
      lane.offer(
          new QueuedEvent(
              new EventContext(e, ContainerFacts.none("no engine")),
              progress.begin(e, 1, Progress.UNJOURNALED)));
    }

    assertThat(awaitCheckpoint(4)).hasValue(4L);
    assertThat(outcomes)
        .contains(
            "c2 Skipped[reason=key %%actor.name%%: the event has no actor.name]",
            "c3 Skipped[reason=key %%actor.name%%: the event has no actor.name]");
  }

  @Test
  void workReachingARetiredLaneIsReportedRemovedAndItsTicketCompletes() throws Exception {
    lane =
        lane(
            rule("    run: [x, '%%actor.id%%']\n    debounce: 1h\n"),
            throwing(new AssertionError()),
            recording);
    offer(2, "a");
    lane.retire(Optional.empty());
    offer(3, "a");

    assertThat(awaitCheckpoint(3)).hasValue(3L);
    assertThat(outcomes).hasSize(5).allMatch(o -> o.endsWith("RuleRemoved[]"));
  }

  private static DockerEvent event(String actor, long timeNano, String name) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\""
            + actor
            + "\","
            + "\"Attributes\":{"
            + (name == null ? "" : "\"name\":\"" + name + "\"")
            + "}},"
            + "\"timeNano\":"
            + timeNano
            + "}");
  }

  private void offer(DockerEvent event) {
    lane.offer(
        new QueuedEvent(
            new EventContext(event, ContainerFacts.none("no engine")),
            progress.begin(event, 1, Progress.UNJOURNALED)));
  }

  /**
   * Runs "commands" as the lane's workers call it: records each start (actor and timeNano), counts
   * the commands of one actor that overlap and the most at once, and holds the first command of
   * actor {@code held} until released.
   */
  private static final class Watching extends FakeExecutor {
    final List<String> started = new CopyOnWriteArrayList<>();
    final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.concurrent.atomic.AtomicInteger overlaps =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger atOnce =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    // Counted down once the held command has started: a worker may take its event and be
    // descheduled while the others run every other event.
    final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    final String held;

    Watching(String held) {
      this.held = held;
    }

    @Override
    public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
      String actor = event.actor().id();
      if (!running.add(actor)) {
        overlaps.incrementAndGet();
      }
      most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
      started.add(actor + " " + event.timeNano());
      try {
        if (actor.equals(held)
            && started.stream().filter(s -> s.startsWith(held + " ")).count() == 1) {
          holding.countDown();
          assertThat(release.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        atOnce.decrementAndGet();
        running.remove(actor);
      }
      return new Outcome.Exited(0, Duration.ZERO);
    }

    List<Long> of(String actor) {
      return started.stream()
          .filter(s -> s.startsWith(actor + " "))
          .map(s -> Long.parseLong(s.substring(actor.length() + 1)))
          .toList();
    }
  }

  @Test
  void oneActorsEventsRunOneAtATimeInOrderWhileOtherActorsRunBesideThem() throws Exception {
    Watching commands = new Watching("slow");
    java.util.concurrent.CountDownLatch others = new java.util.concurrent.CountDownLatch(60);
    lane =
        lane(
            rule("    run: [x, '%%actor.id%%']\n"),
            commands,
            new OutcomeListener(
                o -> {
                  if (o.startsWith("o")) {
                    others.countDown();
                  }
                }));
    long t = 0;
    offer(event("slow", ++t, null));
    for (int round = 0; round < 3; round++) {
      for (int other = 0; other < 20; other++) {
        offer(event("o" + other, ++t, null));
      }
      offer(event("slow", ++t, null));
    }

    // The first slow command holds its worker: every other actor's event runs in the meantime.
    assertThat(others.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(commands.holding.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(commands.of("slow")).containsExactly(1L);
    commands.release.countDown();

    assertThat(awaitCheckpoint(t)).hasValue(t);
    assertThat(commands.of("slow")).containsExactly(1L, 22L, 43L, 64L);
    for (int other = 0; other < 20; other++) {
      assertThat(commands.of("o" + other)).isSorted().hasSize(3);
    }
    assertThat(commands.overlaps).hasValue(0);
    assertThat(commands.most.get()).isBetween(2, 4);
  }

  @Test
  void orderRuleRunsOneCommandAtATimeInEventOrder() throws Exception {
    Watching commands = new Watching("a0");
    lane = lane(rule("    run: [x, '%%actor.id%%']\n    order: rule\n"), commands, recording);
    List<String> offered = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      DockerEvent event = event("a" + (i % 7), i + 1, null);
      offered.add(event.actor().id() + " " + event.timeNano());
      offer(event);
    }
    commands.release.countDown();

    assertThat(awaitCheckpoint(30)).hasValue(30L);
    assertThat(commands.started).containsExactlyElementsOf(offered);
    assertThat(commands.most).hasValue(1);
  }

  @Test
  void orderKeyOrdersByTheKeyAndSkipsAnEventWithoutIt() throws Exception {
    Watching commands = new Watching("none");
    lane =
        lane(
            rule("    run: [x, '%%actor.id%%']\n    order: key\n    key: '%%actor.name%%'\n"),
            commands,
            recording);
    offer(event("a", 1, "web"));
    offer(event("b", 2, null));
    offer(event("c", 3, "web"));

    assertThat(awaitCheckpoint(3)).hasValue(3L);
    assertThat(outcomes)
        .contains("b Skipped[reason=key %%actor.name%%: the event has no actor.name]");
    assertThat(commands.started).containsExactly("a 1", "c 3");
  }
}
