package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path swapped for a FIFO at any moment never makes an open wait: the open is the look at the
 * type. Real FIFOs made by {@code mkfifo}.
 */
class RegularFileTest {

  private static final long DEADLINE_SECONDS = 60;

  @TempDir Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicBoolean stop = new AtomicBoolean();

  @AfterEach
  void tearDown() {
    stop.set(true);
    threads.shutdownNow();
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    return fifo;
  }

  @Test
  void aFifoIsRefusedByTheOpenItselfNamingWhatAndThePath() throws Exception {
    Path fifo = fifo("rules.yml");
    CompletableFuture<Throwable> refused =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                RegularFile.open(fifo, "the rules file", StandardOpenOption.READ).close();
                return null;
              } catch (IOException e) {
                return e;
              }
            },
            threads);

    assertThat(refused.get(DEADLINE_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(RegularFile.NotRegular.class)
        .hasMessage(
            "the rules file "
                + fifo
                + " is a FIFO (named pipe), not a regular file: replace it with a file");
  }

  @Test
  void anAbsentPathIsNoSuchFileAsForTheJdksOwnOpen() {
    assertThatThrownBy(() -> RegularFile.read(dir.resolve("absent"), 10, "the state file"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("absent").toString());
  }

  /**
   * The race the type check before the open left: the path is swapped between a regular file and a
   * FIFO (a rename, atomic) as fast as one thread can, while another reads it two thousand times.
   * Every read returns the file's bytes or refuses the FIFO. Before, a check that saw the file
   * followed by an open that met the FIFO waited for a writer: for good.
   */
  @Test
  void aPathSwappedForAFifoWhileItIsReadNeverMakesTheReadWait() throws Exception {
    Path path = dir.resolve("state.json");
    Path regular = dir.resolve("regular");
    Files.writeString(regular, "{}");
    Path fifo = fifo("fifo");
    Files.createLink(path, regular);
    CompletableFuture<Void> swapping =
        CompletableFuture.runAsync(
            () -> {
              Path staged = dir.resolve("staged");
              for (long i = 0; !stop.get(); i++) {
                try {
                  Files.createLink(staged, i % 2 == 0 ? fifo : regular);
                  Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              }
            },
            threads);
    CompletableFuture<int[]> reading =
        CompletableFuture.supplyAsync(
            () -> {
              int[] outcomes = new int[2];
              for (int i = 0; i < 2000 && !stop.get(); i++) {
                try {
                  byte[] bytes = RegularFile.read(path, 100, "the state file");
                  assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{}");
                  outcomes[0]++;
                } catch (RegularFile.NotRegular e) {
                  assertThat(e.type()).isEqualTo("a FIFO (named pipe)");
                  outcomes[1]++;
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              }
              return outcomes;
            },
            threads);
    try {
      int[] outcomes = reading.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThat(outcomes[0] + outcomes[1]).isEqualTo(2000);
    } finally {
      stop.set(true);
      // A read blocked in its open (the failure this test is for) ends when a writer comes; one
      // opening for reading and writing never waits itself.
      if (!reading.isDone()) {
        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
      }
      swapping.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }
}
