package io.github.dockereventsreactor;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

/** The heap the JVM reports in use after full collections: what the tests of memory bounds read. */
public final class LiveHeap {

  private LiveHeap() {}

  /** The least of four readings, each after a full collection (one may run before it settles). */
  public static long bytes() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      collect();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /**
   * A full collection, and the reference processing after it: returns once an object that nothing
   * reaches has been found unreachable and its weak reference enqueued.
   */
  private static void collect() throws InterruptedException {
    ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      System.gc();
      while (cleared.remove(100) == null) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no full collection within 10 s");
        }
        System.gc();
      }
    } finally {
      // The reference itself must outlive the collection, or it is never enqueued.
      Reference.reachabilityFence(sentinel);
    }
  }
}
