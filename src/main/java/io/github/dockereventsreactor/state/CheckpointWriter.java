package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.Checkpoint;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Saves the reactor's checkpoint ({@code T}: one {@link Checkpoint}, or each engine's by name) to
 * the state file whenever it moved. A write that fails is retried every few hundred milliseconds;
 * the first failure of a stretch is logged with its cause, and the recovery once.
 */
public final class CheckpointWriter<T> {

  /** How a position reaches the state file. */
  @FunctionalInterface
  private interface Store<T> {
    void write(T position) throws IOException;
  }

  private final Store<T> store;
  private final Supplier<Optional<T>> checkpoint;
  private final WriteHealth health;
  private T saved;

  /** Saves one engine's checkpoint. */
  public static CheckpointWriter<Checkpoint> of(
      StateFile file, Supplier<Optional<Checkpoint>> checkpoint, Optional<Checkpoint> saved) {
    return new CheckpointWriter<>(file, file::write, checkpoint, saved);
  }

  /** Saves each engine's checkpoint, by engine name. */
  public static CheckpointWriter<Map<String, Checkpoint>> ofEngines(
      StateFile file,
      Supplier<Optional<Map<String, Checkpoint>>> positions,
      Map<String, Checkpoint> saved) {
    return new CheckpointWriter<>(file, file::write, positions, Optional.of(saved));
  }

  private CheckpointWriter(
      StateFile file, Store<T> store, Supplier<Optional<T>> checkpoint, Optional<T> saved) {
    this.store = store;
    this.checkpoint = checkpoint;
    this.saved = saved.orElse(null);
    this.health =
        new WriteHealth(
            "checkpoint saved to " + file.path(),
            "the checkpoint stays in memory and is retried",
            Clock.systemUTC());
  }

  /** Writes the checkpoint if it moved since the last write. */
  public synchronized void save() {
    Optional<T> now = checkpoint.get();
    if (now.isEmpty() || now.get().equals(saved)) {
      return;
    }
    try {
      store.write(now.get());
      saved = now.get();
      health.worked();
    } catch (IOException e) {
      health.failed(e.getMessage());
    }
  }

  /** Why the state file cannot be written now, naming it and since when; empty while it can. */
  public Optional<String> failure() {
    return health.failure();
  }
}
