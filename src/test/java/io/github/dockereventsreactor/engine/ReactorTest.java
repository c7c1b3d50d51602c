package io.github.dockereventsreactor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.Lookup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReactorTest {

  private static final String RULES =
      "events_reactor:\n"
          + "  slow:\n"
          + "    event: {type: volume}\n"
          + "    run: [slow, '%%actor.id%%']\n"
          + "  fast:\n"
          + "    run: [fast, '%%actor.id%%']\n"
          + "  needs exit code:\n"
          + "    event: {type: volume}\n"
          + "    run: [exit, '%%actor.exitCode%%']\n";

  private static final ContainerFacts NO_FACTS =
      new ContainerFacts() {
        @Override
        public Lookup host() {
          return Lookup.missing("no engine");
        }

        @Override
        public Lookup ip(String containerId) {
          return Lookup.missing("no engine");
        }
      };

  /** Records argv per rule; the "slow" rule blocks until released. */
  static final class RecordingExecutor implements ActionExecutor {
    final Map<String, List<String>> runs = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch fastDone;

    RecordingExecutor(int fastEvents) {
      fastDone = new CountDownLatch(fastEvents);
    }

    @Override
    public Outcome execute(Rule rule, DockerEvent event, List<String> argv) {
      if (argv.get(0).equals("slow")) {
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

  static final class RecordingListener implements ReactorListener {
    final List<String> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      outcomes.add(rule.name() + " " + event.actor().id() + " " + outcome.getClass().getSimpleName());
    }
  }

  private static DockerEvent volume(int i) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v" + i + "\"},\"timeNano\":" + i + "}");
  }

  @Test
  void aSlowRuleDelaysNeitherTheReaderNorOtherRulesAndKeepsItsOwnOrder() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(200);
    RecordingListener listener = new RecordingListener();
    Reactor reactor =
        new Reactor(RulesLoader.parse("r.yml", RULES), NO_FACTS, executor, listener);

    for (int i = 0; i < 200; i++) {
      reactor.accept(volume(i));
    }

    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.runs.get("slow")).isNull();
    executor.release.countDown();
    assertThat(reactor.stop(Duration.ofSeconds(10))).isTrue();
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add("v" + i);
    }
    assertThat(executor.runs.get("slow")).containsExactlyElementsOf(expected);
    assertThat(executor.runs.get("fast")).containsExactlyElementsOf(expected);
  }

  @Test
  void aMissingPlaceholderSkipsTheCommandAndSaysSo() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(1);
    executor.release.countDown();
    RecordingListener listener = new RecordingListener();
    Reactor reactor =
        new Reactor(RulesLoader.parse("r.yml", RULES), NO_FACTS, executor, listener);

    reactor.accept(volume(1));
    reactor.stop(Duration.ofSeconds(10));

    assertThat(executor.runs).doesNotContainKey("needs exit code");
    assertThat(listener.outcomes)
        .containsExactlyInAnyOrder(
            "slow v1 Exited", "fast v1 Exited", "needs exit code v1 Skipped");
  }

  @Test
  void stopKillsWhatOutlivesTheGracePeriod() throws Exception {
    RecordingExecutor executor = new RecordingExecutor(3);
    RecordingListener listener = new RecordingListener();
    Reactor reactor =
        new Reactor(RulesLoader.parse("r.yml", RULES), NO_FACTS, executor, listener);
    for (int i = 0; i < 3; i++) {
      reactor.accept(volume(i));
    }
    assertThat(executor.fastDone.await(10, TimeUnit.SECONDS)).isTrue();

    boolean drained = reactor.stop(Duration.ofMillis(200));

    assertThat(drained).isFalse();
    assertThat(listener.outcomes).contains("slow v0 Interrupted").doesNotContain("slow v1 Exited");
    assertThat(executor.runs.get("fast")).containsExactly("v0", "v1", "v2");
  }
}
