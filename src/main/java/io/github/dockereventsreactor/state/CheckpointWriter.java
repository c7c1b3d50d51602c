package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.engine.Checkpoint;
import io.github.dockereventsreactor.engine.RateLimit;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the reactor's checkpoint to the state file whenever it moved. A write that fails is logged
 * with its cause once a minute (it is retried every few hundred milliseconds), and the recovery
 * once.
 */
public final class CheckpointWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

  private final StateFile file;
  private final Supplier<Optional<Checkpoint>> checkpoint;
  private final RateLimit logLimit;
  private Checkpoint saved;
  private long failures;

  public CheckpointWriter(
      StateFile file,
      Supplier<Optional<Checkpoint>> checkpoint,
      Optional<Checkpoint> saved,
      RateLimit logLimit) {
    this.file = file;
    this.checkpoint = checkpoint;
    this.saved = saved.orElse(null);
    this.logLimit = logLimit;
  }

  /** Writes the checkpoint if it moved since the last write. */
  public synchronized void save() {
    Optional<Checkpoint> now = checkpoint.get();
    if (now.isEmpty() || now.get().equals(saved)) {
      return;
    }
    try {
      file.write(now.get());
      saved = now.get();
      if (failures > 0) {
        LOG.info("checkpoint saved to {} again, after {} failed writes", file.path(), failures);
        failures = 0;
      }
    } catch (IOException e) {
      failures++;
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
