import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.process.ProcessExecutor;
import io.github.dockereventsreactor.rules.OutputLimits;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process adapter alone, spawn to exec: from just before ProcessExecutor.run (the command
 * rendered, as a lane worker holds it) to the static C stamp's first clock reading, back to back
 * and with IDLE_MS between commands (what an isolated event meets). Usage: java -cp JAR
 * bench/AdapterBench.java STAMP RUNS IDLE_MS; prints the p10, p50 and p90 of each, in ms.
 */
public class AdapterBench {

  public static void main(String[] args) throws Exception {
    String stamp = args[0];
    int runs = Integer.parseInt(args[1]);
    long idleMs = Long.parseLong(args[2]);
    Rule rule = RulesLoader.parse("b.yml", "events_reactor:\n  b:\n    run: [x]\n").rules().get(0);
    DockerEvent event =
        EventJson.parse(
            "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
                + "\"Attributes\":{\"name\":\"web\",\"image\":\"nginx\"}},\"time\":1,"
                + "\"timeNano\":1000000000}");
    ProcessExecutor executor = new ProcessExecutor(Duration.ofSeconds(1));
    Path dir = Files.createTempDirectory("adapterbench");
    for (long idle : new long[] {0, idleMs, 0, idleMs}) {
      Path file = dir.resolve("stamps" + idle + System.nanoTime());
      Prepared.Command command =
          new Prepared.Command(
              List.of(stamp, file.toString(), "0"),
              Map.of(),
              Optional.empty(),
              Optional.empty(),
              OutputLimits.DEFAULTS);
      List<Long> starts = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        if (idle > 0) {
          Thread.sleep(idle);
        }
        Instant now = Instant.now();
        starts.add(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        executor.run(rule, event, command);
      }
      List<String> lines = Files.readAllLines(file);
      long[] took = new long[runs];
      for (int i = 0; i < runs; i++) {
        took[i] = Long.parseLong(lines.get(i).split(" ")[0]) - starts.get(i);
      }
      java.util.Arrays.sort(took);
      System.out.printf(
          "idle %d ms: p10 %.3f ms, p50 %.3f ms, p90 %.3f ms (%d runs)%n",
          idle, took[runs / 10] / 1e6, took[runs / 2] / 1e6, took[runs * 9 / 10] / 1e6, runs);
    }
  }
}
