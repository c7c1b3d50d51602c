package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the events queued for all rules may take together, so a burst meets the rules'
 * overflow policy, counted and logged, before the heap runs out: a count of events alone let a
 * queue of 100,000 outgrow a 64 MiB heap at about 85,000.
 */
final class QueueBudget {

  /** The share of the maximum heap queued events may take by default. */
  static final double HEAP_SHARE = RuleOptions.QUEUE_HEAP_SHARE;

  /**
   * The heap a queued event takes per character of its raw JSON, in quarters: the JSON itself, then
   * its parsed type, action, actor and attributes, a little more than as large again. With {@link
   * #OVERHEAD_BYTES}, measured by BurstIT (a class histogram of the live heap, jcmd
   * GC.class_histogram, before and after 20,000 events queued for one rule; docs/benchmarks.md):
   * 779 bytes for an event of 200 bytes of JSON, about 2,490 for one of 1,009: about 2.1 bytes per
   * byte of JSON plus 360; then 988 bytes for the 200-byte event once the lanes' per-key sequencer
   * holds the queue (a node and an entry more per event); the estimate is above all of them, with a
   * margin for the histogram's noise.
   */
  static final long QUARTERS_PER_JSON_CHAR = 9;

  /**
   * What one queued event holds beyond its JSON and its parsed copy: its record objects and, per
   * rule, the sequencer's node and entry, the work item and the ticket (see {@link
   * #QUARTERS_PER_JSON_CHAR}).
   */
  static final long OVERHEAD_BYTES = 640;

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  QueueBudget(long limit) {
    this.limit = limit;
  }

  static QueueBudget ofHeap(long maxHeapBytes) {
    return new QueueBudget((long) (maxHeapBytes * HEAP_SHARE));
  }

  /** The heap a queued event is accounted at. */
  static long sizeOf(DockerEvent event) {
    return sizeOf(event.json());
  }

  static long sizeOf(QueuedEvent event) {
    return sizeOf(event.json());
  }

  private static long sizeOf(String json) {
    return QUARTERS_PER_JSON_CHAR * json.length() / 4 + OVERHEAD_BYTES;
  }

  /** Takes {@code bytes} from the budget; false, taking nothing, when they do not fit. */
  boolean take(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void give(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
