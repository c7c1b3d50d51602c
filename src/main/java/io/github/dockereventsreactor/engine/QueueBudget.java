package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the events queued for all rules may take together, so a burst meets the rules'
 * overflow policy, counted and logged, before the heap runs out: a count of events alone let a
 * queue of 100,000 outgrow a 64 MiB heap at about 85,000.
 */
final class QueueBudget {

  /** The share of the maximum heap queued events may take by default. */
  static final double HEAP_SHARE = 0.4;

  /**
   * What one queued event holds beyond twice its raw JSON (the JSON itself, then its parsed type,
   * action, actor and attributes, about as large again): its record objects and, per rule, the
   * queue node, the work item and the ticket. Measured with a heap histogram: about 940 bytes per
   * queued event of a typical 600-byte engine event, which this estimate exceeds.
   */
  static final long OVERHEAD_BYTES = 256;

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
    return 2L * event.json().length() + OVERHEAD_BYTES;
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
