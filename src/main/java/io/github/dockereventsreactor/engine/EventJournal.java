package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where an event is kept from the moment it is read until every rule that took it is done with it,
 * so a crash loses nothing the reactor has read. Called from the reading thread (append) and the
 * rules' threads (done): neither may wait long.
 */
public interface EventJournal {

  /** An event read before the last stop whose rules were not all done with it. */
  record Pending(long seq, DockerEvent event, List<String> rules) {

    public Pending {
      rules = List.copyOf(rules);
    }
  }

  /**
   * Keeps the event for these rules and returns its sequence number; empty when it could not be
   * kept (the journal is full, or the disk refused), in which case the journal has said why.
   */
  OptionalLong append(DockerEvent event, List<String> rules);

  /** The rule is done with the event (ran, failed, skipped or dropped it). */
  void done(long seq, String rule);

  /**
   * The events kept for {@code rule} with sequence numbers from {@code from} to {@code to}, both
   * included, in order, at most {@code max}: those the rule left here when its queue was full (and,
   * read before this start, only those it had not done). Called on the rule's own thread.
   */
  List<Pending> spilled(String rule, long from, long to, int max) throws IOException;
}
