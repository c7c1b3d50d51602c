import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;

/**
 * The CPU of the stream watchdog's ping ({@code /_ping} through Engine, as every ping interval
 * asks it), summed over the JVM's threads (the caller and the engine-call thread the ping runs on),
 * per ping: WARM pings first, then RUNS measured with IDLE_MS between them. Usage: java -cp JAR
 * bench/PingBench.java [HOST [RUNS [IDLE_MS [WARM]]]]; HOST defaults to the system engine's socket.
 */
public class PingBench {

  public static void main(String[] args) throws Exception {
    URI host = URI.create(args.length > 0 ? args[0] : "unix:///var/run/docker.sock");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    long idleMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
    int warm = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Engine engine = Engine.connect(EngineAddress.plain(host, "bench"))) {
      for (int i = 0; i < warm; i++) {
        engine.syncClock();
      }
      long cpu = cpu(threads);
      long wall = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        engine.syncClock();
        if (idleMs > 0) {
          Thread.sleep(idleMs);
        }
      }
      long spent = cpu(threads) - cpu;
      long elapsed = System.nanoTime() - wall - runs * idleMs * 1_000_000;
      System.out.printf(
          "%d pings, %d ms apart: %.3f ms of thread CPU per ping, %.3f ms of wall time%n",
          runs, idleMs, spent / 1e6 / runs, elapsed / 1e6 / runs);
    }
  }

  /** The CPU time of every live thread, in ns; the engine-call threads outlive each ping. */
  private static long cpu(ThreadMXBean threads) {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }
}
