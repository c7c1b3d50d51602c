package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.state.Journal;
import io.github.dockereventsreactor.state.StateFile;
import io.github.dockereventsreactor.template.Lookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the journal of pending events for {@code run}: with a state file only (without one the
 * reactor starts at "now" and has nothing to keep), in {@code reactor.journal.path} or beside the
 * state file, for the engine the reactor reads; a reactor of several engines keeps each engine's
 * journal in a directory of that name inside it (an event's sequence number and pending rules are
 * its engine's).
 */
public final class JournalOpening {

  private static final Logger LOG = LoggerFactory.getLogger(JournalOpening.class);
  private static final long RETRY_MS = 2_000;

  private JournalOpening() {}

  public static Optional<Journal> open(
      JournalSettings settings, Optional<StateFile> state, EngineFacts engine, boolean several)
      throws IOException, InterruptedException {
    if (state.isEmpty()) {
      settings
          .path()
          .ifPresent(
              path ->
                  LOG.warn(
                      "reactor.journal.path {} is ignored: a journal needs a state file to resume from",
                      path));
      return Optional.empty();
    }
    Path base =
        settings.path().map(Path::of).orElseGet(() -> Path.of(state.get().path() + ".journal"));
    Path dir = several ? base.resolve(engine.engineName()) : base;
    Journal journal = Journal.open(dir, engineId(engine), settings);
    LOG.info(
        "journal in {} (fsync {}, at most {} MiB): {} events pending from before this start",
        journal.path(),
        settings.fsync().text(),
        settings.maxBytes() >> 20,
        journal.pendingCount());
    return Optional.of(journal);
  }

  /**
   * The reader's position, once the journal holds on disk every event up to it: the state file must
   * never name as read an event a power cut could take from the journal. Empty (nothing to save
   * this time) while the disk refuses: events read meanwhile are not all in the journal, and a
   * restart from the last position saved gets them from the engine again. The journal says once
   * when the disk refuses and once when it takes writes again.
   */
  public static Supplier<Optional<Checkpoint>> durable(
      Supplier<Optional<Checkpoint>> position, Optional<Journal> journal) {
    if (journal.isEmpty()) {
      return position;
    }
    return () -> {
      Optional<Checkpoint> now = position.get();
      if (journal.get().failure().isPresent()) {
        return Optional.empty();
      }
      try {
        journal.get().sync();
        return now;
      } catch (IOException e) {
        return Optional.empty();
      }
    };
  }

  /** The engine's ID; an engine not up yet is waited for, as the event stream would. */
  private static String engineId(EngineFacts engine) throws InterruptedException {
    while (true) {
      Lookup id = engine.engineId();
      Optional<String> missing = id.missing();
      if (missing.isEmpty()) {
        return id.orElse("");
      }
      LOG.warn(
          "cannot read the engine's ID, which the journal must belong to: {}; retrying in {} s",
          missing.get(),
          RETRY_MS / 1000);
      Thread.sleep(RETRY_MS);
    }
  }
}
