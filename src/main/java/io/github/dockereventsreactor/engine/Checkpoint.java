package io.github.dockereventsreactor.engine;

import java.util.List;

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
}
