package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Which events are fully done, in stream order, so the checkpoint never passes an event whose
 * action has not run yet: a crash then repeats actions (at least once) but never skips one. An
 * event stamped ahead of the engine's clock is done like any other but never becomes the
 * checkpoint.
 *
 * <p>With a journal, an event is safe once journaled, so the checkpoint is the last event read and
 * the journal is told of each rule done with an event; nothing waits here for slow rules.
 */
final class Progress {

  /**
   * One event in flight: how many of its actions are not done yet, and its journal entry. It keeps
   * the event's id, never the event: without a journal, every event read behind a slow command
   * waits here until that command ends, dropped ones too, and the event itself would outweigh its
   * queue's byte budget (BurstIT: 66,000 dropped events behind a 10-second command, -Xmx64m).
   */
  static final class Ticket {
    private final EventId id;
    private final long seq;
    private int outstanding;

    private Ticket(DockerEvent event, int outstanding, long seq) {
      this.id = EventId.of(event);
      this.outstanding = outstanding;
      this.seq = seq;
    }
  }

  /** The sequence number of an event the journal does not hold. */
  static final long UNJOURNALED = -1;

  private final ArrayDeque<Ticket> inFlight = new ArrayDeque<>();
  private final RecentEvents done;
  private final EngineClock clock;
  private final Optional<EventJournal> journal;
  private EventId last;

  Progress(Optional<Checkpoint> start, EngineClock clock, Optional<EventJournal> journal) {
    this.clock = clock;
    this.journal = journal;
    this.done = new RecentEvents(start.map(Checkpoint::recent).orElse(List.of()), clock);
    this.last = start.map(Checkpoint::last).filter(l -> !clock.ahead(l.timeNano())).orElse(null);
  }

  /** Registers an event read and handed to {@code actions} lanes, in stream order. */
  synchronized Ticket begin(DockerEvent event, int actions, long seq) {
    Ticket ticket = new Ticket(event, actions, seq);
    if (journal.isPresent()) {
      pass(ticket.id);
    } else {
      inFlight.addLast(ticket);
      advance();
    }
    return ticket;
  }

  /**
   * Registers an event replayed from the journal: read before this start, so not a new position.
   */
  Ticket replayed(DockerEvent event, int actions, long seq) {
    return new Ticket(event, actions, seq);
  }

  /** One rule's action for the ticket's event is done (ran, failed, skipped or dropped). */
  void done(Ticket ticket, Rule rule) {
    synchronized (this) {
      ticket.outstanding--;
      advance();
    }
    if (ticket.seq != UNJOURNALED) {
      journal.ifPresent(j -> j.done(ticket.seq, rule.name()));
    }
  }

  private void advance() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().outstanding <= 0) {
      pass(inFlight.removeFirst().id);
    }
  }

  private void pass(EventId id) {
    done.add(id);
    // Past, but a stamp from the future never becomes the checkpoint: a resume from it would
    // ask the engine for events that do not exist yet, for ever.
    if (!clock.ahead(id.timeNano())) {
      last = id;
    }
  }

  synchronized Optional<Checkpoint> checkpoint() {
    return last == null ? Optional.empty() : Optional.of(new Checkpoint(last, done.list()));
  }

  synchronized int inFlight() {
    return inFlight.size();
  }
}
