package io.github.dockereventsreactor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a restarted reactor resumes: the last event whose actions, and those of every event before
 * it, are all done, with the done events just before it ({@code recent}, oldest first, ending with
 * {@code last}) that the engine's inclusive, slack-widened {@code since} sends again and a resume
 * must drop.
 */
public record Checkpoint(EventId last, List<EventId> recent) {

  public Checkpoint {
    recent = List.copyOf(recent);
  }

  /**
   * Where to resume with a journal: the state file is saved every few hundred milliseconds, so the
   * journal may hold events read after its position; those must not come from the engine a second
   * time. {@code journaled} lists the last events appended to the journal, oldest first.
   */
  public static Optional<Checkpoint> resume(Optional<Checkpoint> saved, List<EventId> journaled) {
    if (journaled.isEmpty()) {
      return saved;
    }
    EventId newest = journaled.get(journaled.size() - 1);
    if (saved.isEmpty()) {
      return Optional.of(new Checkpoint(newest, journaled));
    }
    Checkpoint state = saved.get();
    // The state file names an event at most as new as the journal's newest appended one, unless
    // events no rule took were read after it; an event is in the journal's list or older than it.
    boolean journalAhead =
        journaled.contains(state.last()) || state.last().timeNano() < journaled.get(0).timeNano();
    List<EventId> recent = new ArrayList<>();
    if (journalAhead) {
      recent.addAll(state.recent());
      journaled.stream().filter(id -> !recent.contains(id)).forEach(recent::add);
      return Optional.of(new Checkpoint(newest, recent));
    }
    recent.addAll(journaled);
    state.recent().stream().filter(id -> !recent.contains(id)).forEach(recent::add);
    return Optional.of(new Checkpoint(state.last(), recent));
  }
}
