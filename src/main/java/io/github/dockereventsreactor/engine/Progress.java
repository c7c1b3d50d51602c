package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Which events are fully done, in stream order, so the checkpoint never passes an event whose
 * action has not run yet: a crash then repeats actions (at least once) but never skips one. An
 * event stamped ahead of the engine's clock is done like any other but never becomes the checkpoint.
 */
final class Progress {

  /** One event in flight: how many of its actions are not done yet. */
  static final class Ticket {
    private final DockerEvent event;
    private int outstanding;

    private Ticket(DockerEvent event, int outstanding) {
      this.event = event;
      this.outstanding = outstanding;
    }
  }

  private final ArrayDeque<Ticket> inFlight = new ArrayDeque<>();
  private final RecentEvents done;
  private final EngineClock clock;
  private EventId last;

  Progress(Optional<Checkpoint> start, EngineClock clock) {
    this.clock = clock;
    this.done = new RecentEvents(start.map(Checkpoint::recent).orElse(List.of()), clock);
    this.last = start.map(Checkpoint::last).filter(l -> !clock.ahead(l.timeNano())).orElse(null);
  }

  /** Registers an event handed to {@code actions} lanes, in stream order. */
  synchronized Ticket begin(DockerEvent event, int actions) {
    Ticket ticket = new Ticket(event, actions);
    inFlight.addLast(ticket);
    advance();
    return ticket;
  }

  /** One action of the ticket's event is done (ran, failed, skipped or dropped). */
  synchronized void done(Ticket ticket) {
    ticket.outstanding--;
    advance();
  }

  private void advance() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().outstanding <= 0) {
      EventId id = EventId.of(inFlight.removeFirst().event);
      done.add(id);
      // Done, but a stamp from the future never becomes the checkpoint: a resume from it would
      // ask the engine for events that do not exist yet, for ever.
      if (!clock.ahead(id.timeNano())) {
        last = id;
      }
    }
  }

  synchronized Optional<Checkpoint> checkpoint() {
    return last == null ? Optional.empty() : Optional.of(new Checkpoint(last, done.list()));
  }

  synchronized int inFlight() {
    return inFlight.size();
  }
}
