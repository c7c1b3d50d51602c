package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
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
 *
 * <p>Without one, only the events not done yet are kept, oldest first: the checkpoint is the event
 * just before the oldest of them. An event done behind them costs nothing but its identity in the
 * trail a restart dedupes with (at most {@value #TRAIL} per waiting event and {@value #TRAILED} in
 * all), so a command stuck for hours holds a constant amount here however many events are read and
 * dropped behind it.
 */
final class Progress {

  /** The most identities kept behind one waiting event: all a restart's dedupe ever uses. */
  static final int TRAIL = RecentEvents.CAPACITY;

  /** The most identities kept behind all waiting events together. */
  static final int TRAILED = 4 * RecentEvents.CAPACITY;

  /**
   * One event in flight: its journal entry and how many of its actions are not done yet; without a
   * journal, also its identity, where the checkpoint stood when it was read, the identities of the
   * events done after it while it waited, and its neighbours among the events not done.
   */
  static final class Ticket {
    private final long seq;
    private int outstanding;
    private EventId id;
    private EventId before;
    private Ticket older;
    private Ticket newer;

    private Ticket(long seq, int outstanding) {
      this.seq = seq;
      this.outstanding = outstanding;
    }

    long seq() {
      return seq;
    }
  }

  /** The sequence number of an event the journal does not hold. */
  static final long UNJOURNALED = EventJournal.NOT_KEPT;

  private final RecentEvents done;
  private final EngineClock clock;
  private final Optional<EventJournal> journal;
  // The events not done yet, oldest first (without a journal only).
  private Ticket oldest;
  private Ticket newest;
  private int waiting;
  // The trails of the waiting events that have one: few carry one, and a field would cost them all.
  private final IdentityHashMap<Ticket, ArrayDeque<EventId>> trails = new IdentityHashMap<>();
  private int trailed;
  // The last event read that may be the checkpoint (not stamped ahead of the engine).
  private EventId read;

  Progress(Optional<Checkpoint> start, EngineClock clock, Optional<EventJournal> journal) {
    this.clock = clock;
    this.journal = journal;
    this.done = new RecentEvents(start.map(Checkpoint::recent).orElse(List.of()), clock);
    this.read = start.map(Checkpoint::last).filter(l -> !clock.ahead(l.timeNano())).orElse(null);
  }

  /**
   * Registers an event read and handed to {@code actions} lanes, in stream order. A synthetic event
   * (a reconcile's) is no place in the stream: it is done like any other but never becomes the
   * checkpoint, which a resume asks the engine for events since. Made up on another thread while
   * the stream after the gap is still being read, and stamped now, it would otherwise jump the
   * checkpoint past events not read yet: a crash then would skip them. Nor is it among the recent
   * identities saved with the checkpoint: the engine never replays it, and its stamp, the newest,
   * would move the restart's resume ({@link RecentEvents#since}) past those same events. Without a
   * journal the checkpoint does not wait for it either: no restart could make it again.
   */
  synchronized Ticket begin(DockerEvent event, int actions, long seq) {
    Ticket ticket = new Ticket(seq, actions);
    if (event.synthetic()) {
      return ticket;
    }
    EventId id = EventId.of(event);
    if (journal.isPresent()) {
      done.add(id);
      readUpTo(id);
    } else if (actions <= 0) {
      settle(id, newest);
      readUpTo(id);
    } else {
      ticket.id = id;
      ticket.before = read;
      ticket.older = newest;
      if (newest == null) {
        oldest = ticket;
      } else {
        newest.newer = ticket;
      }
      newest = ticket;
      waiting++;
      readUpTo(id);
    }
    return ticket;
  }

  private void readUpTo(EventId id) {
    // Past, but a stamp from the future never becomes the checkpoint: a resume from it would ask
    // the engine for events that do not exist yet, for ever.
    if (!clock.ahead(id.timeNano())) {
      read = id;
    }
  }

  /**
   * Registers an event recovered from the journal: read before this start, so not a new position.
   */
  Ticket recovered(int actions, long seq) {
    return new Ticket(seq, actions);
  }

  /**
   * The ticket's event waits in a queue, compacted: its identity keeps only the strings no other
   * event shares (see {@link EventId#lean}).
   */
  synchronized void compact(Ticket ticket) {
    if (ticket.id == null || ticket.outstanding <= 0) {
      return;
    }
    EventId lean = ticket.id.lean();
    if (ticket.id.equals(read)) {
      read = lean;
    }
    if (ticket.newer != null && ticket.id.equals(ticket.newer.before)) {
      ticket.newer.before = lean;
    }
    ticket.id = lean;
  }

  /** One rule's action for the ticket's event is done (ran, failed, skipped or dropped). */
  void done(Ticket ticket, Rule rule) {
    synchronized (this) {
      ticket.outstanding--;
      if (ticket.outstanding == 0 && ticket.id != null) {
        leave(ticket);
      }
    }
    if (ticket.seq != UNJOURNALED) {
      journal.ifPresent(j -> j.done(ticket.seq, rule.name()));
    }
  }

  /** The event is done: it and its trail join the trail of the event before it, or pass. */
  private void leave(Ticket ticket) {
    Ticket older = ticket.older;
    Ticket newer = ticket.newer;
    if (older == null) {
      oldest = newer;
    } else {
      older.newer = newer;
    }
    if (newer == null) {
      newest = older;
    } else {
      newer.older = older;
    }
    waiting--;
    ArrayDeque<EventId> trail = trails.remove(ticket);
    int length = trail == null ? 0 : trail.size();
    trailed -= length;
    settle(ticket.id, older);
    for (int i = 0; i < length; i++) {
      settle(trail.removeFirst(), older);
    }
    ticket.id = null;
    ticket.before = null;
  }

  /** A done event: in the trail of the waiting event before it, or among the done ones. */
  private void settle(EventId id, Ticket behind) {
    if (behind == null) {
      done.add(id);
      return;
    }
    ArrayDeque<EventId> trail = trails.computeIfAbsent(behind, t -> new ArrayDeque<>());
    if (trail.size() >= TRAIL) {
      trail.removeFirst();
      trailed--;
    }
    if (trailed < TRAILED) {
      trail.addLast(id);
      trailed++;
    }
  }

  synchronized Optional<Checkpoint> checkpoint() {
    EventId last = oldest == null ? read : oldest.before;
    return last == null ? Optional.empty() : Optional.of(new Checkpoint(last, done.list()));
  }

  /** The identities kept in trails behind waiting events, all together. */
  synchronized int trailed() {
    return trailed;
  }

  /** Events read whose actions are not all done (without a journal). */
  synchronized int inFlight() {
    return waiting;
  }
}
