package io.github.dockereventsreactor;

import java.lang.management.ManagementFactory;

/** The heap the JVM reports in use after full collections: what the tests of memory bounds read. */
public final class LiveHeap {

  private LiveHeap() {}

  /** The least of four readings, each after a full collection (one may run before it settles). */
  public static long bytes() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
