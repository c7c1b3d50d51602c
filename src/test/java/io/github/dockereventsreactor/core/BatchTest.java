package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rule with {@code batch:}: group commit, in event order, within what the kernel accepts. */
class BatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  // One permit for each event done: a journal hears of an event after the lane's bookkeeping.
  private final Semaphore doneEvents = new Semaphore(0);
  private final Progress progress =
      new Progress(
          Optional.empty(),
          EngineClock.system(),
          Optional.of(
              new EventJournal() {
                @Override
                public OptionalLong append(DockerEvent event, List<String> rules) {
                  throw new AssertionError("the test journals its events itself");
                }

                @Override
                public void done(long seq, String rule) {
                  doneEvents.release();
                }

                @Override
                public List<Pending> spilled(String rule, long from, long to, int max) {
                  return List.of();
                }
              }));
  private final List<Prepared.Command> commands = new CopyOnWriteArrayList<>();
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstStarted = new CountDownLatch(1);
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

  /** The first command blocks until released, as a slow salt-call does; the rest exit at once. */
  private final ActionExecutor slowFirst =
      new FakeExecutor() {
        @Override
        public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
          commands.add(command);
          if (commands.size() == 1) {
            firstStarted.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return new Outcome.Interrupted(Duration.ZERO);
            }
          }
          return new Outcome.Exited(0, Duration.ZERO);
        }

        @Override
        public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
          throw new AssertionError("no webhook here");
        }

        @Override
        public Outcome publish(Rule rule, DockerEvent event, Prepared.Message message) {
          throw new AssertionError("no nats here");
        }
      };

  private final ReactorListener listener =
      new ReactorListener() {

        @Override
        public void matched(Rule rule, DockerEvent event) {}

        @Override
        public void outcome(Rule rule, DockerEvent event, Outcome outcome) {}

        @Override
        public void batched(Rule rule, List<DockerEvent> events) {
          batches.add(events.stream().map(e -> e.actor().id()).toList());
        }
      };

  /** The rule's lane, running the commands by {@code slowFirst}, its lingers on {@code clock}. */
  private Lane lane(String yaml, Timers clock) throws Exception {
    return TestReactors.lane(
        rule(yaml), slowFirst, listener, progress, clock, new QueueBudget(Long.MAX_VALUE));
  }

  private static Rule rule(String yaml) throws Exception {
    return RulesLoader.parse("r.yml", "events_reactor:\n  r:\n" + yaml).rules().get(0);
  }

  private static DockerEvent volume(int i, String padding) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
            + i
            + "\","
            + "\"Attributes\":{\"pad\":\""
            + padding
            + "\"}},\"timeNano\":"
            + (i + 1)
            + "}");
  }

  private void offer(int from, int to, String padding) throws Exception {
    for (int i = from; i < to; i++) {
      DockerEvent event = volume(i, padding);
      lane.offer(
          new QueuedEvent(
              new EventContext(event, ContainerFacts.none("no engine")),
              progress.begin(event, 1, i + 1)));
    }
  }

  /** Waits until the first {@code events} events offered are done. */
  private void awaitDone(int events) throws InterruptedException {
    assertThat(doneEvents.tryAcquire(events, 10, TimeUnit.SECONDS))
        .as("%d events done", events)
        .isTrue();
  }

  private static List<String> ids(String batchJson) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode event : JSON.readTree(batchJson)) {
      ids.add(event.path("Actor").path("ID").asText());
    }
    return ids;
  }

  @Test
  void anIdleRuleRunsAtOnceForOneEventAndWhatArrivesMeanwhileGoesTogetherInOrder()
      throws Exception {
    lane =
        lane(
            "    batch: 500\n    run: [salt-call, '%%batch.size%%', '{\"events\": %%batch%%}']\n",
            Timers.of(timers));
    offer(0, 1, "");
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    offer(1, 11, "");
    release.countDown();
    awaitDone(11);

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0).argv().get(1)).isEqualTo("1");
    assertThat(commands.get(1).argv().get(1)).isEqualTo("10");
    JsonNode second = JSON.readTree(commands.get(1).argv().get(2));
    List<String> ids = new ArrayList<>();
    second.path("events").forEach(e -> ids.add(e.path("Actor").path("ID").asText()));
    assertThat(ids).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10");
    assertThat(batches).containsExactly(List.of("v0"), ids);
  }

  @Test
  void aBatchNeverExceedsItsMax() throws Exception {
    lane = lane("    batch: 4\n    run: [x, '%%batch%%']\n", Timers.of(timers));
    offer(0, 1, "");
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    offer(1, 11, "");
    release.countDown();
    awaitDone(11);

    assertThat(commands.stream().map(c -> c.argv().get(1)).toList())
        .extracting(BatchTest::ids)
        .containsExactly(
            List.of("v0"),
            List.of("v1", "v2", "v3", "v4"),
            List.of("v5", "v6", "v7", "v8"),
            List.of("v9", "v10"));
  }

  @Test
  void aBatchTooLongForOneArgumentSplitsIntoCommandsTheKernelAccepts() throws Exception {
    lane = lane("    batch: 100\n    run: [x, '%%batch%%']\n", Timers.of(timers));
    offer(0, 1, "");
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    String tenKiB = "x".repeat(10 * 1024);
    offer(1, 41, tenKiB); // 40 events of 10 KiB: 400 KiB in one argument is too long
    release.countDown();
    awaitDone(41);

    List<String> seen = new ArrayList<>();
    for (Prepared.Command command : commands.subList(1, commands.size())) {
      assertThat(command.argumentTooLong()).isFalse();
      seen.addAll(ids(command.argv().get(1)));
    }
    assertThat(commands.size()).isGreaterThan(2);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i < 41; i++) {
      expected.add("v" + i);
    }
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void theBatchOptionsAreRead() throws Exception {
    List<Rule> rules =
        RulesLoader.load(java.nio.file.Path.of("src/test/resources/rules/batch.yml")).rules();
    assertThat(rules.get(0).options().batch())
        .hasValue(new io.github.dockereventsreactor.rules.RuleOptions.Batch(500, Duration.ZERO));
    assertThat(rules.get(1).options().batch())
        .hasValue(
            new io.github.dockereventsreactor.rules.RuleOptions.Batch(50, Duration.ofMillis(200)));
  }

  @Test
  void perEventValuesInABatchAndBatchValuesOutsideOneAreLoadErrorsWithTheirPlace() {
    String f = "src/test/resources/rules/bad-batch.yml";
    List<String> problems;
    try {
      RulesLoader.load(java.nio.file.Path.of(f));
      throw new AssertionError("loaded");
    } catch (io.github.dockereventsreactor.rules.InvalidRulesException e) {
      problems = e.problems().stream().map(Object::toString).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(problems)
        .containsExactly(
            f
                + ":4:22: rule \"Per-event value in a batch\": %%actor.name%% is one event's value,"
                + " and a rule with batch: renders its events together: use %%batch%%,"
                + " %%batch.size%% or %%host%%",
            f + ":6:17: rule \"Batch outside a batch\": %%batch.size%%: only in a rule with batch:",
            f
                + ":8:12: rule \"Batch with nats\": batch: not with nats, which publishes each event"
                + " on its own with its id (the stream drops copies by id, which a batch does not"
                + " keep)",
            f
                + ":11:12: rule \"Batch with debounce\": batch: not with debounce or throttle, which"
                + " act on single events",
            f
                + ":17:12: rule \"Stdin payload in a batch\": stdin: in a rule with batch:, the only"
                + " value is batch (its events as JSON lines), found \"payload\"",
            f + ":19:12: rule \"No max\": batch: needs max, as {max: 500, linger: 200ms}");
  }

  @Test
  void lingerWaitsForMoreBeforeTheFirstCommand() throws Exception {
    lane = lane("    batch: {max: 3, linger: 10s}\n    run: [x, '%%batch%%']\n", Timers.of(timers));
    release.countDown();
    offer(0, 3, "");
    awaitDone(3);

    assertThat(commands).hasSize(1);
    assertThat(ids(commands.get(0).argv().get(1))).containsExactly("v0", "v1", "v2");
  }

  @Test
  void aLingeringBatchClosesOnceTheLanesClockPassesItsLingerAndNotBefore() throws Exception {
    ManualTimers clock = new ManualTimers();
    lane = lane("    batch: {max: 10, linger: 1h}\n    run: [x, '%%batch%%']\n", clock);
    release.countDown();
    offer(0, 1, "");
    // The worker took v0 and set the batch's deadline, an hour from now on the lane's clock.
    assertThat(clock.awaitReads(1)).isTrue();
    offer(1, 2, "");
    // It took v1 too and reads the clock again for what is left of the hour: it still waits.
    assertThat(clock.awaitReads(2)).isTrue();
    assertThat(batches).isEmpty();
    clock.advance(Duration.ofHours(1).toNanos());
    // The next event wakes its wait; the hour has passed on the lane's clock, so the batch closes.
    offer(2, 3, "");
    awaitDone(3);

    assertThat(batches).containsExactly(List.of("v0", "v1", "v2"));
  }
}
