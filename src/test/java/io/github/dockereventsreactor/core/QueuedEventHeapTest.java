package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.LiveHeap;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pins what a queued event costs in live heap, measured as the JVM counts it after a full GC: at
 * most {@value #TARGET} bytes beyond its raw JSON as the JVM holds it (a String: its bytes and 40
 * of headers), held once however many rules queue it, and never more than the queue budget accounts
 * it at. The worst case: no journal (each queued event keeps its identity for the checkpoint) and
 * per-actor order with a distinct actor per event (a key each).
 */
class QueuedEventHeapTest {

  /** The target: bytes of heap per queued event beyond its raw JSON. */
  static final int TARGET = 300;

  private static final int EVENTS = 20_000;

  /** A Latin-1 String's object and its byte array's header, on a 64-bit JVM (compressed oops). */
  private static final int STRING_HEADERS = 24 + 16;

  /** A volume event of 200 bytes, each with a name of its own, as BurstIT makes them. */
  static String line(int i) {
    long nanos = 1_795_535_393_000_000_000L + i;
    String json = json(String.format("burst-%06d", i), nanos);
    return json(String.format("burst-%06d", i) + "x".repeat(200 - json.length()), nanos);
  }

  private static String json(String name, long nanos) {
    return "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\""
        + name
        + "\",\"Attributes\":{\"driver\":\"local\"}},\"scope\":\"local\",\"time\":"
        + nanos / 1_000_000_000L
        + ",\"timeNano\":"
        + nanos
        + "}";
  }

  private static String rules(int count) {
    StringBuilder rules = new StringBuilder("events_reactor:\n");
    for (int i = 0; i < count; i++) {
      rules
          .append("  slow ")
          .append(i)
          .append(":\n    event: {type: volume}\n    run: [slow, '%%actor.id%%']\n");
    }
    return rules.toString();
  }

  /** Live heap per queued event, from the heap after a full GC before and after the events. */
  private static double heapPerEvent(int rules, int jsonLength) throws Exception {
    ReactorTest.RecordingExecutor executor = new ReactorTest.RecordingExecutor(0);
    Reactor reactor =
        TestReactors.of(rules(rules), executor, new CountingListener(), 64, Optional.empty());
    try {
      // The first events of each rule take its workers and stay hot: measure from there.
      for (int i = 0; i < 100; i++) {
        reactor.accept(EventJson.parse(line(i)));
      }
      assertThat(executor.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      long before = LiveHeap.bytes();
      for (int i = 100; i < 100 + EVENTS; i++) {
        reactor.accept(EventJson.parse(line(i)));
      }
      long after = LiveHeap.bytes();
      assertThat(reactor.queued()).isGreaterThanOrEqualTo(rules * (EVENTS + 90));
      assertThat(reactor.queuedBytesByRule().values().stream().mapToLong(Long::longValue).sum())
          .as("the queue budget accounts at least the live heap")
          .isGreaterThanOrEqualTo(after - before);
      assertThat(line(0)).hasSize(jsonLength);
      return (double) (after - before) / EVENTS;
    } finally {
      executor.release.countDown();
      reactor.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void aQueuedEventTakesAtMostTheTargetBeyondItsRawJsonAndOneCopyServesSeveralRules()
      throws Exception {
    int json = line(0).length();
    double one = heapPerEvent(1, json);
    double three = heapPerEvent(3, json);
    System.out.printf(
        "live heap per queued event of %d bytes of JSON: one rule %.0f bytes, three rules %.0f%n",
        json, one, three);

    assertThat(one - (json + STRING_HEADERS)).isLessThanOrEqualTo(TARGET);
    // Two more rules add their queue entries, never a second copy of the event.
    assertThat(three - one).isLessThan(2 * 100.0);
  }

  /** Counts nothing and keeps nothing: the measurement is the reactor's own heap. */
  private static final class CountingListener implements ReactorListener {

    @Override
    public void matched(io.github.dockereventsreactor.rules.Rule rule, DockerEvent event) {}

    @Override
    public void outcome(
        io.github.dockereventsreactor.rules.Rule rule, DockerEvent event, Outcome outcome) {}
  }
}
