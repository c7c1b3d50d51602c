package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

  @TempDir Path dir;

  @Test
  void aMissingFileMeansNoCheckpoint() throws IOException {
    assertThat(new StateFile(dir.resolve("none.json")).read()).isEmpty();
  }

  @Test
  void writesAndReadsBackTheCheckpointWithItsRecentEventsExactly() throws IOException {
    EventId before = new EventId(1795535393123456789L, "volume", "create", "v1");
    EventId last = new EventId(1795535393123456788L, "container", "health_status: healthy", "c1");
    StateFile file = new StateFile(dir.resolve("state.json"));

    file.write(new Checkpoint(last, List.of(before, last)));

    assertThat(file.read()).hasValue(new Checkpoint(last, List.of(before, last)));
    assertThat(Files.readString(file.path())).startsWith("{\"timeNano\":1795535393123456788,");
    assertThat(dir.resolve("state.json.tmp")).doesNotExist();
  }

  @Test
  void keepsEachEnginesPositionByNameInOneFile() throws IOException {
    EventId docker = new EventId(1795535393123456789L, "container", "start", "c1");
    EventId podman = new EventId(1795535390000000000L, "container", "remove", "c1");
    StateFile file = new StateFile(dir.resolve("state.json"));
    Map<String, Checkpoint> positions = new LinkedHashMap<>();
    positions.put("docker", new Checkpoint(docker, List.of(docker)));
    positions.put("podman", new Checkpoint(podman, List.of(podman)));

    file.write(positions);

    assertThat(file.positions("default")).isEqualTo(positions);
    assertThat(Files.readString(file.path()))
        .startsWith("{\"engines\":{\"docker\":{\"timeNano\":1795535393123456789,");
    // A reactor of one engine reading it takes the position named "default": none here.
    assertThat(file.read()).isEmpty();
  }

  @Test
  void aFileOfOneEngineIsThePositionOfTheEngineNamedForIt() throws IOException {
    EventId last = new EventId(7, "image", "tag", "x");
    StateFile file = new StateFile(dir.resolve("state.json"));
    file.write(new Checkpoint(last, List.of(last)));

    assertThat(file.positions("default"))
        .isEqualTo(Map.of("default", new Checkpoint(last, List.of(last))));
  }

  @Test
  void readsAFileWithoutRecentEventsAsItsLastEventAlone() throws IOException {
    Path path = dir.resolve("old.json");
    Files.writeString(
        path, "{\"timeNano\":7,\"type\":\"image\",\"action\":\"tag\",\"actorId\":\"x\"}");
    EventId last = new EventId(7, "image", "tag", "x");

    assertThat(new StateFile(path).read()).hasValue(new Checkpoint(last, List.of(last)));
  }

  @Test
  void refusesAFileThatIsNotAStateFileNamingIt() throws IOException {
    Path path = dir.resolve("rules.yml");
    Files.writeString(path, "{\"timeNano\":1.5e18}");

    assertThatThrownBy(() -> new StateFile(path).read())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(path.toString())
        .hasMessageContaining("integer \"timeNano\"");
  }

  @Test
  void aSymlinkPlantedAtTheTempNameIsRemovedNotWrittenThrough() throws IOException {
    Path target = dir.resolve("precious");
    Files.writeString(target, "keep me");
    StateFile file = new StateFile(dir.resolve("state.json"));
    Files.createSymbolicLink(dir.resolve("state.json.tmp"), target);
    EventId last = new EventId(7, "image", "tag", "x");

    file.write(new Checkpoint(last, List.of(last)));

    assertThat(Files.readString(target)).isEqualTo("keep me");
    assertThat(file.read()).hasValue(new Checkpoint(last, List.of(last)));
    assertThat(dir.resolve("state.json")).isRegularFile();
  }

  @Test
  void aDirectoryThatCannotTakeTheFileIsFoundAtStartWithTheReason() throws IOException {
    // A regular file where the directory should be: refused even to root, unlike permissions.
    Path notADirectory = Files.writeString(dir.resolve("file"), "");
    StateFile file = new StateFile(notADirectory.resolve("state.json"));

    assertThatThrownBy(file::checkWritable)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot write the state file "
                + notADirectory.resolve("state.json")
                + ": Not a directory ("
                + notADirectory.resolve("state.json.tmp")
                + ")");
  }

  @Test
  void aMissingDirectoryIsNamedAsSuch() {
    StateFile file = new StateFile(dir.resolve("nowhere/state.json"));

    assertThatThrownBy(file::checkWritable)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no such directory: " + dir.resolve("nowhere"));
  }

  @Test
  void aWritableDirectoryPassesTheCheckAndKeepsNoTrace() throws IOException {
    new StateFile(dir.resolve("state.json")).checkWritable();

    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  /**
   * Before, a 3 GB file was read whole: {@code OutOfMemoryError}, exit 70, at every start. Refused
   * by its size, unread (the file is sparse: it costs no disk).
   */
  @Test
  void aFileFarLargerThanACheckpointIsRefusedUnread() throws IOException {
    Path huge = dir.resolve("state.json");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L << 30);
    }

    assertThatThrownBy(() -> new StateFile(huge).read())
        .isInstanceOf(IOException.class)
        .hasMessage(
            "the state file "
                + huge
                + " holds 3221225472 bytes, more than it ever holds (at most 4194304): it is not"
                + " that file; move it away");
  }

  /** Before: {@code Is a directory}, naming no path. */
  @Test
  void aDirectoryAsTheStateFileIsNamed() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("state.json"));

    assertThatThrownBy(() -> new StateFile(directory).read())
        .hasMessage(
            "the state file "
                + directory
                + " is a directory, not a regular file: replace it with a file");
  }

  /** Before, reading the FIFO blocked until a writer came: for good. */
  @Test
  void aFifoAsTheStateFileIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("state.json");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> new StateFile(fifo).read())
                .hasMessage(
                    "the state file "
                        + fifo
                        + " is a FIFO (named pipe), not a regular file: replace it with a file"));
  }

  /** One reactor per state: the second is refused, naming the first's pid and the lock. */
  @Test
  void aSecondLockOnOneStateIsRefusedNamingTheHolder() throws IOException {
    StateFile state = new StateFile(dir.resolve("state.json"));
    try (StateLock first = StateLock.take(state, 4242).orElseThrow()) {
      assertThatThrownBy(() -> StateLock.take(state, 4343))
          .isInstanceOf(StateLock.InUse.class)
          .hasMessage(
              "the state file "
                  + state.path()
                  + " is in use by another reactor (pid 4242, holding "
                  + first.path()
                  + "): stop that one first, or give this one a --state-file of its own");
    }
    try (StateLock again = StateLock.take(state, 4343).orElseThrow()) {
      assertThat(again.path()).hasContent("4343\n");
    }
  }
}
