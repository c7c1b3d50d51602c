package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWriterTest {

  @TempDir Path dir;

  private static Checkpoint at(long nanos) {
    EventId id = new EventId(nanos, "container", "start", "c1");
    return new Checkpoint(id, List.of(id));
  }

  @Test
  void saysWhyTheCheckpointCannotBeSavedUntilAWriteSucceedsAgain() throws IOException {
    Path blocked = Files.writeString(dir.resolve("state"), "a file where the directory should be");
    AtomicReference<Optional<Checkpoint>> position = new AtomicReference<>(Optional.of(at(1)));
    StateFile file = new StateFile(blocked.resolve("state.json"));
    CheckpointWriter<Checkpoint> writer =
        CheckpointWriter.of(file, position::get, Optional.empty());

    assertThat(writer.failure()).isEmpty();
    writer.save();
    assertThat(writer.failure())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains(blocked.resolve("state.json").toString())
                    .endsWith("the checkpoint stays in memory and is retried"));

    Files.delete(blocked);
    Files.createDirectory(blocked);
    position.set(Optional.of(at(2)));
    writer.save();
    assertThat(writer.failure()).isEmpty();
  }

  @Test
  void aMovedCheckpointIsWrittenAndAnUnmovedOneIsNot() throws Exception {
    StateFile file = new StateFile(dir.resolve("state.json"));
    AtomicReference<Optional<Checkpoint>> position = new AtomicReference<>(Optional.empty());
    CheckpointWriter<Checkpoint> writer =
        CheckpointWriter.of(file, position::get, Optional.empty());

    writer.save();
    assertThat(file.path()).as("no position yet, nothing written").doesNotExist();

    position.set(Optional.of(at(1)));
    writer.save();
    assertThat(file.read()).hasValue(at(1));

    // Removed behind its back: the same position is not written again.
    Files.delete(file.path());
    writer.save();
    assertThat(file.path()).doesNotExist();

    position.set(Optional.of(at(2)));
    writer.save();
    assertThat(file.read()).hasValue(at(2));
  }

  @Test
  void thePositionReadAtTheStartIsNotWrittenBackUntilItMoves() throws Exception {
    StateFile file = new StateFile(dir.resolve("state.json"));
    AtomicReference<Optional<Checkpoint>> position = new AtomicReference<>(Optional.of(at(1)));
    CheckpointWriter<Checkpoint> writer =
        CheckpointWriter.of(file, position::get, Optional.of(at(1)));

    writer.save();
    assertThat(file.path()).doesNotExist();

    position.set(Optional.of(at(3)));
    writer.save();
    assertThat(file.read()).hasValue(at(3));
  }

  @Test
  void eachEnginesPositionIsSavedUnderItsName() throws Exception {
    StateFile file = new StateFile(dir.resolve("state.json"));
    Map<String, Checkpoint> start = Map.of("a", at(1));
    AtomicReference<Optional<Map<String, Checkpoint>>> positions =
        new AtomicReference<>(Optional.of(start));
    CheckpointWriter<Map<String, Checkpoint>> writer =
        CheckpointWriter.ofEngines(file, positions::get, start);

    writer.save();
    assertThat(file.path()).doesNotExist();

    positions.set(Optional.of(Map.of("a", at(2), "b", at(5))));
    writer.save();
    assertThat(file.positions("a")).isEqualTo(Map.of("a", at(2), "b", at(5)));
    assertThat(writer.failure()).isEmpty();
  }
}
