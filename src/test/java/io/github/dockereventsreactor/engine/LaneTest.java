package io.github.dockereventsreactor.engine;

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
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LaneTest {

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final Progress progress = new Progress(Optional.empty(), EngineClock.system(), Optional.empty());
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
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c" + i + "\","
            + "\"Attributes\":{" + (name == null ? "" : "\"name\":\"" + name + "\"") + "}},"
            + "\"timeNano\":" + (i + 1) + "}");
  }

  /** Hears outcomes only. */
  private static final class OutcomeListener implements ReactorListener {
    private final java.util.function.Consumer<String> sink;

    OutcomeListener(java.util.function.Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public void received(DockerEvent event) {}

    @Override
    public void matched(Rule rule, DockerEvent event) {}

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      sink.accept(event.actor().id() + " " + outcome);
    }

    @Override
    public void batched(Rule rule, List<DockerEvent> events) {}

    @Override
    public void gap(int appeared, int vanished) {}

    @Override
    public void connected(boolean up) {}
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
      lane.offer(new EventContext(event, ContainerFacts.none("no engine")), progress.begin(event, 1, Progress.UNJOURNALED));
    }
  }

  private Optional<Long> awaitCheckpoint(long timeNano) {
    return ReactorReloadTest.awaitCheckpoint(progress::checkpoint, timeNano);
  }

  private Lane lane(Rule rule, ActionExecutor executor, ReactorListener listener) {
    return new Lane(rule, executor, listener, progress, new Semaphore(4), timers, new QueueBudget(Long.MAX_VALUE));
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
    lane = lane(rule("    run: [x, '%%actor.id%%']\n"), throwing(thrown), recording);
    offer(3, "a");

    assertThat(awaitCheckpoint(3)).hasValue(3L);
    assertThat(outcomes)
        .hasSize(3)
        .startsWith(
            "c0 Failed[reason=" + thrown.getClass().getSimpleName() + ": " + thrown.getMessage() + "]")
        .last()
        .asString()
        .startsWith("c2 Exited[status=0");
  }

  @Test
  void aWebhookThatThrowsFailsItsEventOnly() throws Exception {
    lane = lane(rule("    webhook: {url: 'http://127.0.0.1:1/%%actor.id%%'}\n"),
        throwing(new IllegalStateException("no client")), recording);
    offer(2, "a");

    assertThat(awaitCheckpoint(2)).hasValue(2L);
    assertThat(outcomes)
        .containsExactly(
            "c0 Failed[reason=IllegalStateException: no client]",
            "c1 Failed[reason=IllegalStateException: no client]");
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
            rule("    run: [x, '%%actor.id%%']\n    throttle: {max: 1, per: 1h}\n"
                + "    key: '%%actor.name%%'\n"),
            throwing(new AssertionError()),
            recording);
    DockerEvent named = event(1, "web");
    DockerEvent unnamed = event(2, null);
    DockerEvent unnamedToo = event(3, null);
    for (DockerEvent e : List.of(named, unnamed, unnamedToo)) {
      lane.offer(new EventContext(e, ContainerFacts.none("no engine")), progress.begin(e, 1, Progress.UNJOURNALED));
    }

    assertThat(awaitCheckpoint(4)).hasValue(4L);
    assertThat(outcomes)
        .contains(
            "c2 Skipped[reason=key %%actor.name%%: the event has no actor.name]",
            "c3 Skipped[reason=key %%actor.name%%: the event has no actor.name]");
  }

  @Test
  void workReachingARetiredLaneIsReportedRemovedAndItsTicketCompletes() throws Exception {
    lane = lane(rule("    run: [x, '%%actor.id%%']\n    debounce: 1h\n"), throwing(new AssertionError()), recording);
    offer(2, "a");
    lane.retire(Optional.empty());
    offer(3, "a");

    assertThat(awaitCheckpoint(3)).hasValue(3L);
    assertThat(outcomes).hasSize(5).allMatch(o -> o.endsWith("RuleRemoved[]"));
  }
}
