package io.github.dockereventsreactor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The core benchmark's method timed in CPU seconds of its own thread, not wall time: on a shared,
 * loaded machine JMH's wall-clock figures swing more than the effect measured, while the CPU time
 * of one thread stays put. Arguments: rules (100), events measured (1,000,000), warm-up events
 * (3,000,000), rounds (3). Prints events per CPU second per round. Run by {@code bench/run}.
 */
public final class CoreRate {

  private CoreRate() {}

  public static void main(String[] args) throws Exception {
    int rules = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long warmUp = args.length > 2 ? Long.parseLong(args[2]) : 3_000_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    CoreBenchmark benchmark = new CoreBenchmark();
    benchmark.rules = rules;
    benchmark.setUp();
    Blackhole sink =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    for (long i = 0; i < warmUp; i++) {
      benchmark.parseMatchRender(sink);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (long i = 0; i < events; i++) {
        benchmark.parseMatchRender(sink);
      }
      double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      System.out.printf("{\"rules\": %d, \"eventsPerCpuSecond\": %.0f}%n", rules, events / seconds);
    }
  }
}
