package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state on disk as an operator's worst day leaves it: a full disk, a second reactor started by
 * hand on the same state, a FIFO where a file should be, the directory of a renamed state file.
 */
class StateDiskIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ENGINE = "unix:///var/run/docker.sock";
  private static final String NO_ENGINE = "unix:///nonexistent/docker.sock";

  @TempDir Path dir;

  private Recorders recorders;
  private Path actions;
  private final String prefix = "sd" + Long.toHexString(System.nanoTime());

  @BeforeEach
  void setUp() throws IOException {
    actions = dir.resolve("actions");
    recorders = new Recorders(dir).appender("rec", actions);
  }

  private Path rules() throws IOException {
    return Files.writeString(
        dir.resolve("rules.yml"),
        "events_reactor:\n  record:\n    event: {type: volume}\n    run: [rec, '%%action%%"
            + " %%actor.id%%']\n");
  }

  private ReactorProcess reactor(String... args) throws IOException {
    return ReactorProcess.start(
        recorders.bin(), dir.resolve("reactor-" + System.nanoTime() + ".log"), args);
  }

  private ReactorProcess run(Path state, String host, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "-c",
                rules().toString(),
                "--docker-host",
                host,
                "--state-file",
                state.toString(),
                "--shutdown-timeout",
                "1s"));
    args.addAll(List.of(more));
    return reactor(args.toArray(String[]::new));
  }

  /** This test's volume events the rule acted on, as "ACTION NAME". */
  private List<String> acted() {
    try {
      return Files.exists(actions)
          ? Files.readAllLines(actions).stream().filter(l -> l.contains(prefix)).toList()
          : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int count(String log, String text) {
    return log.split(Pattern.quote(text), -1).length - 1;
  }

  private static void mkfifo(Path path) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
  }

  /**
   * Before, both ran: each acted on every event and appended to the same journal segments. Now the
   * second exits 1 at once, naming the first's pid.
   */
  @Test
  void aSecondReactorOnOneStateExitsNamingTheFirst() throws Exception {
    Path state = dir.resolve("state.json");
    try (ReactorProcess first = run(state, NO_ENGINE)) {
      first.awaitLog("rules loaded from", WAIT);
      try (ReactorProcess second = run(state, NO_ENGINE)) {
        assertThat(second.awaitExit(WAIT)).isEqualTo(1);
        assertThat(second.log())
            .contains(
                "the state file "
                    + state
                    + " is in use by another reactor (pid "
                    + first.pid()
                    + ", holding "
                    + state
                    + ".lock): stop that one first, or give this one a --state-file of its own");
      }
      assertThat(first.isAlive()).isTrue();
      first.signal("TERM");
      assertThat(first.awaitExit(WAIT)).isZero();
    }
    // The lock went with the process: the next start takes it.
    try (ReactorProcess next = run(state, NO_ENGINE)) {
      next.awaitLog("rules loaded from", WAIT);
      next.signal("TERM");
      assertThat(next.awaitExit(WAIT)).isZero();
    }
  }

  /** Before, each of these hung for good, saying nothing: opening a FIFO waits for a writer. */
  @Test
  void aFifoWhereAFileShouldBeIsRefusedAtOnceNamingIt() throws Exception {
    Path fifoRules = dir.resolve("fifo.yml");
    mkfifo(fifoRules);
    refused(
        reactor("check", "-c", fifoRules.toString()),
        fifoRules + ": cannot read: not a regular file (a FIFO, a device or a socket)");

    Path fifoState = dir.resolve("fifo-state.json");
    mkfifo(fifoState);
    refused(
        run(fifoState, NO_ENGINE),
        "cannot read the state file: the state file "
            + fifoState
            + " is a FIFO (named pipe), not a regular file");

    Path state = dir.resolve("state.json");
    Path segment =
        Files.createDirectories(dir.resolve("state.json.journal"))
            .resolve(String.format("%020d.journal", 1));
    mkfifo(segment);
    refused(
        run(state, ENGINE),
        "cannot open the journal: the journal segment "
            + segment
            + " is a FIFO (named pipe), not a regular file");
  }

  /** The reactor exits 1 at once, saying {@code why}. */
  private static void refused(ReactorProcess started, String why) throws Exception {
    try (ReactorProcess reactor = started) {
      assertThat(reactor.awaitExit(WAIT)).isEqualTo(1);
      assertThat(reactor.log()).contains(why);
    }
  }

  /**
   * Before, the reload thread blocked opening the FIFO for good: no line, and no later reload ever
   * applied. Now the reload is said, fails at once, and the next one applies.
   */
  @Test
  void aRulesFileReplacedByAFifoFailsItsReloadAndTheNextOneApplies() throws Exception {
    Path rules = rules();
    try (ReactorProcess reactor =
        reactor("run", "-c", rules.toString(), "--docker-host", NO_ENGINE)) {
      reactor.awaitLog("rules loaded from", WAIT);
      Path fifo = dir.resolve("next.fifo");
      mkfifo(fifo);
      Files.move(fifo, rules, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      reactor.signal("HUP");
      reactor.awaitLog(
          "reload failed, cannot read "
              + rules
              + ": not a regular file (a FIFO, a device or a socket); the previous rules stay in"
              + " force",
          WAIT);
      assertThat(reactor.log()).contains("reloading " + rules);

      Files.delete(rules);
      rules();
      reactor.signal("HUP");
      reactor.awaitLog("reloaded " + rules + ": 1 rules in force", WAIT);
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  /** Fills the file system of {@code disk} with a file, to the last byte it takes. */
  private static Path fill(Path disk) throws IOException {
    Path ballast = disk.resolve("ballast");
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left on device");
    }
    return ballast;
  }

  private static void mount(Path disk) throws Exception {
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(mount.waitFor())
        .as(new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  private static void unmount(Path disk) throws Exception {
    new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
  }

  private static String metric(Scrape scrape, String name) throws Exception {
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$")
            .matcher(scrape.get("/metrics", null).body());
    return line.find() ? line.group(1) : "absent";
  }

  /**
   * A full state disk degrades durability, never delivery. Before, on a 2 MiB tmpfs: events dropped
   * as queue_full, /readyz ready throughout, an ERROR line per event, a restart on the full disk
   * exiting 1 ("cannot open the journal"): a crash loop under systemd.
   */
  @Test
  void aFullDiskCostsDurabilityNotDeliveryAndAStartOnItRuns() throws Exception {
    Path disk = Files.createDirectories(dir.resolve("disk"));
    mount(disk);
    try (EventLoad load = new EventLoad(ENGINE)) {
      Path state = disk.resolve("state.json");
      List<String> expected = new ArrayList<>();
      String earlier;
      try (ReactorProcess reactor = run(state, ENGINE, "--metrics-listen", "0")) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        expected.addAll(EventLoad.volumeEvents(load.volumes(prefix + "-a", 3, 0)));
        reactor.await(() -> acted().size() == 6, WAIT, "the events before the disk fills");

        Path ballast = fill(disk);
        expected.addAll(EventLoad.volumeEvents(load.volumes(prefix + "-b", 20, 0)));
        reactor.await(() -> acted().size() == 46, WAIT, "every event while the disk is full");
        Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
        var ready = scrape.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body())
            .contains("cannot write the journal " + state + ".journal: No space left on device");
        assertThat(metric(scrape, "reactor_state_write_failing{file=\"journal\"}"))
            .isEqualTo("1.0");
        String log = reactor.log();
        assertThat(count(log, "cannot write the journal")).as(log).isEqualTo(1);
        assertThat(log).doesNotContain("queue full");

        reactor.signal("TERM");
        assertThat(reactor.awaitExit(WAIT)).isZero();
        // The restart on the full disk runs, degraded, and says so.
        try (ReactorProcess again = run(state, ENGINE)) {
          again.awaitLog("connected to the Docker engine", WAIT);
          assertThat(again.log()).contains("cannot write the journal " + state + ".journal");
          expected.addAll(EventLoad.volumeEvents(load.volumes(prefix + "-c", 2, 0)));
          again.await(() -> acted().containsAll(expected), WAIT, "events on a full disk");

          Files.delete(ballast);
          expected.addAll(EventLoad.volumeEvents(load.volumes(prefix + "-d", 2, 0)));
          again.await(() -> acted().containsAll(expected), WAIT, "events once it has room");
          again.awaitLog("journal " + state + ".journal written again, after ", WAIT);
          again.signal("TERM");
          assertThat(again.awaitExit(WAIT)).isZero();
          earlier = reactor.log() + "\n--- restarted on the full disk:\n" + again.log();
        }
      }
      // Each at least once: a done mark still in memory at the stop on the full disk runs its event
      // again at the next start, as a crash would.
      assertThat(new HashSet<>(acted())).isEqualTo(new HashSet<>(expected));
      // Nothing done is run again: the done marks reached the disk.
      try (ReactorProcess last = run(state, ENGINE)) {
        last.awaitLog("events pending from before this start", WAIT);
        assertThat(last.log()).as(earlier).contains("0 events pending from before this start");
        last.signal("TERM");
        assertThat(last.awaitExit(WAIT)).isZero();
      }
    } finally {
      unmount(disk);
    }
  }

  /**
   * The rename that replaces the state file is a change of its directory: until the directory is
   * synced, a power cut can bring back the old checkpoint, or none. Traced with strace on the
   * running jar: before, no fsync of the directory followed the rename.
   */
  @Test
  void theStateFilesRenameIsFollowedByAnFsyncOfItsDirectory() throws Exception {
    Path state = dir.resolve("state.json");
    Path trace = dir.resolve("trace");
    ProcessBuilder builder =
        new ProcessBuilder(
            "strace",
            "-ff",
            "-qq",
            "-e",
            "trace=rename,renameat,renameat2,openat,fsync",
            "-o",
            trace.toString(),
            "java",
            "-Xmx128m",
            "-jar",
            ReactorProcess.JAR.toString(),
            "run",
            "-c",
            rules().toString(),
            "--docker-host",
            ENGINE,
            "--state-file",
            state.toString());
    builder.environment().put("PATH", recorders.bin() + ":" + System.getenv("PATH"));
    builder.environment().remove("DOCKER_HOST");
    Path log = dir.resolve("traced.log");
    Process traced = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (EventLoad load = new EventLoad(ENGINE)) {
      long end = System.nanoTime() + WAIT.toNanos();
      while (!Files.readString(log).contains("connected to the Docker engine")) {
        assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(end);
        Thread.sleep(50);
      }
      load.volumes(prefix, 1, 0);
      while (!Files.exists(state)) {
        assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(end);
        Thread.sleep(50);
      }
    } finally {
      // TERM to the reactor itself: strace, signalled, detaches and leaves its tracee running.
      traced.descendants().forEach(ProcessHandle::destroy);
      traced.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      traced.destroyForcibly();
    }
    // -ff writes one file per thread, so no call is split by another thread's; the rename, the
    // directory's open and its fsync are the checkpoint writer's, in that order.
    String calls = writerTrace(trace);
    Matcher rename = rename(state).matcher(calls);
    assertThat(rename.find()).as(calls).isTrue();
    String after = calls.substring(rename.end());
    Matcher opened =
        Pattern.compile(
                "openat\\(AT_FDCWD, \"" + Pattern.quote(dir.toString()) + "\", .*\\) = (\\d+)")
            .matcher(after);
    assertThat(opened.find()).as(after).isTrue();
    assertThat(after.substring(opened.end())).contains("fsync(" + opened.group(1) + ")");
  }

  private static Pattern rename(Path state) {
    return Pattern.compile("rename\\w*\\(.*\"" + Pattern.quote(state + ".tmp") + "\".*\\) = 0");
  }

  private String writerTrace(Path trace) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> threads =
          files
              .filter(f -> f.getFileName().toString().startsWith(trace.getFileName() + "."))
              .toList();
      for (Path thread : threads) {
        String calls = Files.readString(thread);
        if (rename(dir.resolve("state.json")).matcher(calls).find()) {
          return calls;
        }
      }
      throw new AssertionError("no thread renamed the state file among " + threads);
    }
  }
}
