package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.RuleOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the events queued for all rules may take together, so a burst meets the rules'
 * overflow policy, counted and logged, before the heap runs out: a count of events alone lets a
 * queue of the default size outgrow the launcher's heap.
 */
final class QueueBudget {

  /** The share of the maximum heap queued events may take by default. */
  static final double HEAP_SHARE = RuleOptions.QUEUE_HEAP_SHARE;

  /**
   * The heap a queued event takes per character of its raw JSON, in quarters: a queued event is
   * held as that JSON (one byte a character for the engine's ASCII; a quarter more covers some text
   * beyond Latin-1) plus {@link #OVERHEAD_BYTES}: above the live heap QueuedEventHeapTest and
   * BurstIT measure a queued event to take (the figures: docs/reliability.md, "Memory").
   */
  static final long QUARTERS_PER_JSON_CHAR = 5;

  /**
   * What one queued event holds beyond its JSON: the String around it, the compact queued event,
   * its ticket and identity (without a journal) and, per rule, the sequencer's entry and key slot
   * (see {@link #QUARTERS_PER_JSON_CHAR}); above what was measured, with a margin for the
   * histogram's noise and the hot copy an idle lane's first event keeps.
   */
  static final long OVERHEAD_BYTES = 320;

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
