package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The reactor's time is injected: the engine's clock of a reconcile, the clock of a stop's grace.
 */
class ReactorTimeTest {

  private static final Instant NOW = Instant.parse("2026-12-01T05:00:00.123Z");

  @Test
  void theEventsAReconcileMakesUpAreStampedByTheEnginesClock() throws Exception {
    AtomicLong stamped = new AtomicLong();
    CountDownLatch ran = new CountDownLatch(1);
    EngineClock engine = new EngineClock(Clock.fixed(NOW, ZoneOffset.UTC));
    engine.observe(NOW.plusSeconds(30));
    ActionExecutor executor =
        new FakeExecutor() {
          @Override
          public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
            stamped.set(event.timeNano());
            ran.countDown();
            return new Outcome.Exited(0, Duration.ZERO);
          }
        };
    Reactor reactor =
        Reactor.onTimers(
            new Reactor.Parts(
                RulesLoader.parse(
                    "r.yml",
                    """
                events_reactor:
                  reconciling:
                    reconcile: true
                    event: {type: container, action: start}
                    run: [x, '%%actor.name%%']
                """),
                ContainerFacts.none("no engine"),
                () -> List.of(new ContainerSummary("new", "n-new", "img", true)),
                engine,
                executor,
                new ReactorTest.RecordingListener()),
            new ManualTimers());

    reactor.gap();

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    // The engine's time, 30 s ahead of this host's by its Date header: the events the reconcile
    // stands for happened on the engine.
    assertThat(stamped.get()).isEqualTo(NOW.plusSeconds(30).toEpochMilli() * 1_000_000L);
  }

  @Test
  void aStopGivesUpOnABusyRuleOnceItsGracePassesOnTheReactorsClock() throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    // Every read of the clock moves it on by an hour: the hour's grace is gone at the first look.
    Reactor reactor =
        Reactor.onTimers(
            new Reactor.Parts(
                RulesLoader.parse(
                    "r.yml",
                    """
                events_reactor:
                  slow:
                    event: {type: volume}
                    run: [slow, '%%actor.id%%']
                """),
                ContainerFacts.none("no engine"),
                List::of,
                EngineClock.system(),
                executor,
                new ReactorTest.RecordingListener()),
            new ManualTimers(Duration.ofHours(1).toNanos()));
    reactor.accept(TestEvents.volume(0, 0));
    assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

    // Measured on the machine's clock, the stop would wait an hour for the blocked command.
    assertThat(reactor.stop(Duration.ofHours(1))).isFalse();
    assertThat(executor.runs.get("slow")).isNull();
  }
}
