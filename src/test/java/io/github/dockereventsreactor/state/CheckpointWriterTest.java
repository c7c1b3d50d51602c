package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
