package io.github.dockereventsreactor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.OutputLimits;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command posix_spawn started, waited for through its pidfd on the waiting thread alone. */
class SpawnedProcessTest {

  @TempDir Path dir;

  private static SpawnedProcess spawn(String script, boolean stdin) throws Exception {
    return PosixSpawn.start(
        PosixSpawn.LIBC.orElseThrow(),
        "/bin/sh",
        List.of("sh", "-c", script),
        Map.of(),
        null,
        stdin,
        true);
  }

  @Test
  void drainReadsTheOutputOnTheCallersThreadAndSeesTheExit() throws Exception {
    SpawnedProcess process = spawn("seq 1 20000; printf 'no end'; exit 4", false);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    OptionalLong exited =
        process.drain(
            (bytes, n) -> output.write(bytes, 0, n),
            System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
            TimeUnit.SECONDS.toNanos(1));

    assertThat(process.drains()).isTrue();
    assertThat(exited).isPresent();
    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(4);
    String text = output.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("1\n2\n").endsWith("\n20000\nno end");
  }

  @Test
  void aDrainNeverPollsThePidfdOnceTheExitIsReaped() {
    int output = 7;
    int pidfd = 9;
    int in = 1;

    assertThat(SpawnedProcess.awaited(true, false, output, pidfd))
        .containsExactly(output, in, pidfd, in);
    assertThat(SpawnedProcess.awaited(false, false, output, pidfd)).containsExactly(pidfd, in);
    // Reaped: the pidfd is closed, its number free for any descriptor another thread opens.
    assertThat(SpawnedProcess.awaited(true, true, output, pidfd)).containsExactly(output, in);
    assertThat(SpawnedProcess.awaited(false, true, output, pidfd)).isEmpty();
  }

  @Test
  void drainGivesUpAtTheDeadlineAndTheCommandStillEnds() throws Exception {
    SpawnedProcess process = spawn("read line", true);

    OptionalLong exited = process.drain((bytes, n) -> {}, System.nanoTime(), 0);

    assertThat(exited).isEmpty();
    assertThat(process.isAlive()).isTrue();
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(128 + 9);
  }

  @Test
  void onExitCompletesWithoutAnyoneWaiting() throws Exception {
    SpawnedProcess process = spawn("exit 0", false);

    assertThat(process.onExit().get(30, TimeUnit.SECONDS).exitValue()).isZero();
  }

  @Test
  void whileTheCommandRunsNoOtherThreadReadsItsOutputOrWaitsForIt() throws Exception {
    Path started = dir.resolve("started");
    Path release = dir.resolve("release");
    Rule rule = RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n").rules().get(0);
    String script =
        "echo hello; touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.01; done; echo bye; exit 5";
    Prepared.Command command =
        new Prepared.Command(
            List.of("sh", "-c", script, started.toString(), release.toString()),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            OutputLimits.DEFAULTS);
    ProcessExecutor executor = new ProcessExecutor(Duration.ofMillis(300), true);
    WatchService watch = FileSystems.getDefault().newWatchService();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    CompletableFuture<Outcome> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return executor.run(
                    rule,
                    EventJson.parse(
                        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0\"},"
                            + "\"time\":1,\"timeNano\":1000000000}"),
                    command);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try (watch) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(started)) {
        WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(key).as("the command started within 30 s").isNotNull();
        key.pollEvents();
        key.reset();
      }

      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .doesNotContain("output: r");
    } finally {
      // Whatever the assertions said, the command ends.
      Files.createFile(release);
    }
    Outcome done = outcome.get(30, TimeUnit.SECONDS);
    assertThat(done).isInstanceOf(Outcome.Exited.class);
    assertThat(((Outcome.Exited) done).status()).isEqualTo(5);
  }
}
