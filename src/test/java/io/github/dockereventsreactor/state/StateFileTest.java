package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
