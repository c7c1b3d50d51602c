package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.RateLimit;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the reactor's checkpoint ({@code T}: one {@link Checkpoint}, or each engine's by name) to
 * the state file whenever it moved. A write that fails is logged with its cause once a minute (it
 * is retried every few hundred milliseconds), and the recovery once.
 */
public final class CheckpointWriter<T> {

  /** How a position reaches the state file. */
  @FunctionalInterface
  private interface Store<T> {
    void write(T position) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

  private final StateFile file;
  private final Store<T> store;
  private final Supplier<Optional<T>> checkpoint;
  private final RateLimit logLimit;
  private T saved;
  private long failures;
  private String lastFailure;

  /** Saves one engine's checkpoint. */
  public static CheckpointWriter<Checkpoint> of(
      StateFile file,
      Supplier<Optional<Checkpoint>> checkpoint,
      Optional<Checkpoint> saved,
      RateLimit logLimit) {
    return new CheckpointWriter<>(file, file::write, checkpoint, saved, logLimit);
  }

  /** Saves each engine's checkpoint, by engine name. */
  public static CheckpointWriter<Map<String, Checkpoint>> ofEngines(
      StateFile file,
      Supplier<Optional<Map<String, Checkpoint>>> positions,
      Map<String, Checkpoint> saved,
      RateLimit logLimit) {
    return new CheckpointWriter<>(file, file::write, positions, Optional.of(saved), logLimit);
  }

  private CheckpointWriter(
      StateFile file,
      Store<T> store,
      Supplier<Optional<T>> checkpoint,
      Optional<T> saved,
      RateLimit logLimit) {
    this.file = file;
    this.store = store;
    this.checkpoint = checkpoint;
    this.saved = saved.orElse(null);
    this.logLimit = logLimit;
  }

  /**
   * Why the checkpoint cannot be saved now (the last write failed: a full disk takes an empty file
   * but not a write); empty while writes succeed.
   */
  public synchronized Optional<String> failing() {
    return failures == 0
        ? Optional.empty()
        : Optional.of(
            lastFailure
                + " ("
                + failures
                + " failed writes in a row); the checkpoint is in memory");
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
      if (failures > 0) {
        LOG.info("checkpoint saved to {} again, after {} failed writes", file.path(), failures);
        failures = 0;
      }
    } catch (IOException e) {
      failures++;
      lastFailure = e.getMessage();
      OptionalLong quiet = logLimit.permit("state file");
      if (quiet.isPresent()) {
        LOG.error(
            "{}; the checkpoint stays in memory and is retried{}",
            e.getMessage(),
            quiet.getAsLong() > 0
                ? " (" + quiet.getAsLong() + " more failed writes in the last minute)"
                : "");
      }
    }
  }
}
