package io.github.dockereventsreactor.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one reactor forwards to JetStream with acknowledgements, measured against a real nats-server
 * on loopback (bench/run runs it; figures in docs/benchmarks.md and docs/fleet.md):
 *
 * <ul>
 *   <li>replay: {@code replay --execute} of recorded events, one publish after another, the
 *       reactor's own cost per acknowledged message without the engine's pace;
 *   <li>live: the daemon on the real engine, a burst of volume events as fast as the engine makes
 *       them, with {@code concurrency} 1 and 4: from the first event to the last one stored;
 *   <li>bus: several replays at once, what one nats-server here stores per second.
 * </ul>
 */
public final class FleetBench {

  private static final int REPLAYED = 10_000;
  private static final int LIVE_PAIRS = 1_000;
  private static final int BATCHED_PAIRS = 100;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("fleet-bench");
    try (NatsServer nats = NatsServer.single(dir).start();
        Connection client = NatsServer.connect(nats.url())) {
      Path events = recorded(dir.resolve("events.jsonl"), REPLAYED, 0);
      NatsServer.createStream(client, 1);
      double replay = replays(nats, dir, client, List.of(events));
      System.out.printf(
          Locale.ROOT,
          "replay: %d events published and acknowledged one by one: %.0f/s%n",
          REPLAYED,
          replay);

      List<Path> four = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        four.add(recorded(dir.resolve("events-" + i + ".jsonl"), REPLAYED, i));
      }
      double bus = replays(nats, dir, client, four);
      System.out.printf(
          Locale.ROOT, "bus: 4 replays at once, %d messages: %.0f/s stored%n", 4 * REPLAYED, bus);

      for (int batch : new int[] {1, 500}) {
        double forwarded = batched(dir, batch);
        System.out.printf(
            Locale.ROOT,
            "batch: %d volume events through a 1 s salt-call stand-in, batch %d: %.1f/s forwarded%n",
            2 * BATCHED_PAIRS,
            batch,
            forwarded);
      }

      for (int concurrency : new int[] {1, 4}) {
        double live = live(nats, dir, client, concurrency);
        System.out.printf(
            Locale.ROOT,
            "live: %d volume events, concurrency %d: %.0f/s from first event to last stored%n",
            2 * LIVE_PAIRS,
            concurrency,
            live);
      }
    } finally {
      new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
  }

  /** Recorded-looking volume events with distinct times (so distinct ids), {@code n} of them. */
  private static Path recorded(Path file, int n, int stream) throws Exception {
    StringBuilder lines = new StringBuilder();
    long time = 1_795_535_393_000_000_000L + stream * 1_000_000_000_000L;
    for (int i = 0; i < n; i++) {
      long t = time + i * 1_000L;
      lines
          .append("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"bench-")
          .append(stream)
          .append('-')
          .append(i)
          .append("\",\"Attributes\":{\"driver\":\"local\"}},\"scope\":\"local\",\"time\":")
          .append(t / 1_000_000_000L)
          .append(",\"timeNano\":")
          .append(t)
          .append("}\n");
    }
    return Files.writeString(file, lines);
  }

  private static Path rules(Path dir, NatsServer nats, int concurrency, String glob)
      throws Exception {
    return Files.writeString(
        dir.resolve("rules-" + concurrency + ".yml"),
        "events_reactor:\n  Fleet bus:\n    event: {type: volume, actor: {id: {glob: \""
            + glob
            + "\"}}}\n"
            + "    nats: {subject: \"docker.%%type%%.%%action%%\"}\n    concurrency: "
            + concurrency
            + "\n"
            + "reactor:\n  nats: {url: \""
            + nats.url()
            + "\"}\n");
  }

  /** The daemon through its launcher, once it has connected to the engine. */
  private static Process daemon(Path rules, Path log) throws Exception {
    Process reactor =
        new ProcessBuilder(launcher("run", "-c", rules.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    while (!Files.readString(log).contains("connected to the Docker engine")) {
      if (!reactor.isAlive()) {
        throw new AssertionError("the reactor ended: " + Files.readString(log));
      }
      Thread.sleep(20);
    }
    return reactor;
  }

  private static List<String> launcher(String... args) {
    List<String> command = new ArrayList<>(List.of("bin/docker-events-reactor"));
    command.addAll(List.of(args));
    return command;
  }

  /** Messages stored per second while the given files are replayed at once. */
  private static double replays(NatsServer nats, Path dir, Connection client, List<Path> files)
      throws Exception {
    JetStreamManagement jsm = client.jetStreamManagement();
    jsm.purgeStream("DOCKER");
    Path rules = rules(dir, nats, 1, "bench-*");
    long start = System.nanoTime();
    List<Process> running = new ArrayList<>();
    for (Path file : files) {
      running.add(
          new ProcessBuilder(
                  launcher(
                      "replay", "--execute", "-c", rules.toString(), "--events", file.toString()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    for (Process p : running) {
      p.waitFor();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long stored = jsm.getStreamInfo("DOCKER").getStreamState().getMsgCount();
    if (stored != (long) files.size() * REPLAYED) {
      throw new AssertionError("stored " + stored + " of " + files.size() * REPLAYED);
    }
    return stored / seconds;
  }

  /**
   * Events a second forwarded by a command that takes a second, as salt-call does at its fastest:
   * one at a time ({@code batch} 1 stands for no batching), or in batches of up to {@code batch}.
   */
  private static double batched(Path dir, int batch) throws Exception {
    String prefix = "batchbench" + Long.toHexString(System.nanoTime());
    Path bin = Files.createDirectories(dir.resolve("bin-" + batch));
    Path calls = dir.resolve("calls-" + batch);
    Path command = bin.resolve("salt-call");
    Files.writeString(command, "#!/bin/sh\nsleep 1\nprintf '%s\\n' \"$3\" >> '" + calls + "'\n");
    command.toFile().setExecutable(true);
    Path rules =
        Files.writeString(
            dir.resolve("batch-" + batch + ".yml"),
            "events_reactor:\n  Salt:\n    event: {type: volume, actor: {id: {glob: \""
                + prefix
                + "-*\"}}}\n"
                + (batch == 1
                    ? "    run: [\"" + command + "\", event.send, docker, \"%%payload%%\"]\n"
                    : "    batch: "
                        + batch
                        + "\n    run: [\""
                        + command
                        + "\", event.send, docker/batch, '{\"events\": %%batch%%}']\n"));
    Path log = dir.resolve("batch-" + batch + ".log");
    Process reactor = daemon(rules, log);
    try (EventLoad load = new EventLoad(Docker.local().host())) {
      long start = System.nanoTime();
      load.volumes(prefix, BATCHED_PAIRS, 0);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      // Unbatched, the 200 events take 200 s: the figure is what was forwarded in the first 20 s.
      long window = Duration.ofSeconds(batch == 1 ? 20 : 600).toNanos();
      while (forwarded(calls, prefix) < 2 * BATCHED_PAIRS && System.nanoTime() - start < window) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not forwarded: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
      return forwarded(calls, prefix) / ((System.nanoTime() - start) / 1e9);
    } finally {
      reactor.destroy();
      reactor.waitFor();
    }
  }

  private static int forwarded(Path calls, String prefix) throws Exception {
    if (!Files.exists(calls)) {
      return 0;
    }
    int events = 0;
    for (String line : Files.readAllLines(calls)) {
      int at = -1;
      while ((at = line.indexOf("\"ID\":\"" + prefix + "-", at + 1)) >= 0) {
        events++;
      }
    }
    return events;
  }

  private static double live(NatsServer nats, Path dir, Connection client, int concurrency)
      throws Exception {
    JetStreamManagement jsm = client.jetStreamManagement();
    jsm.purgeStream("DOCKER");
    String prefix = "fleetbench" + Long.toHexString(System.nanoTime());
    Path rules = rules(dir, nats, concurrency, prefix + "-*");
    Path log = dir.resolve("live-" + concurrency + ".log");
    Process reactor = daemon(rules, log);
    try (EventLoad load = new EventLoad(Docker.local().host())) {
      long start = System.nanoTime();
      load.volumes(prefix, LIVE_PAIRS, 0);
      double generated = 2.0 * LIVE_PAIRS / ((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "live: the engine made the events at %.0f/s%n", generated);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      StreamInfo info;
      while ((info = jsm.getStreamInfo("DOCKER")).getStreamState().getMsgCount()
          < 2L * LIVE_PAIRS) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "only " + info.getStreamState().getMsgCount() + " stored: " + Files.readString(log));
        }
        Thread.sleep(20);
      }
      return 2.0 * LIVE_PAIRS / ((System.nanoTime() - start) / 1e9);
    } finally {
      reactor.destroy();
      reactor.waitFor();
    }
  }
}
