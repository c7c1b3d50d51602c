package io.github.dockereventsreactor.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The last events of the stream, oldest first: exactly those a resume can get back from the engine,
 * so a replayed event is recognised by identity rather than by time.
 *
 * <p>Time alone cannot tell: the engine stamps an event before it takes the lock that publishes it,
 * so under concurrent API calls the stream is not in {@code timeNano} order (see
 * docs/reliability.md, "Order"). Two bounds make the set exact: the engine replays only its last
 * {@value #CAPACITY} events, and a resume asks for everything from {@link #SLACK_NANOS} before the
 * newest stamp, far more than any reordering, so an event older than that is never replayed and
 * need not be kept. Ages are judged by the engine's clock ({@link EngineClock}), so an event
 * stamped in the future cannot push the others out.
 */
final class RecentEvents {

  static final int CAPACITY = 256;
  static final long SLACK_NANOS = 2_000_000_000L;

  private final LinkedHashSet<EventId> ids = new LinkedHashSet<>();
  // Events stamped ahead of the engine's clock: recognised as replays, but never the newest stamp
  // (which would age every real event out and move the next resume into the future).
  private final LinkedHashSet<EventId> ahead = new LinkedHashSet<>();
  private final EngineClock clock;
  private long newest = -1;

  RecentEvents(List<EventId> start, EngineClock clock) {
    this.clock = clock;
    start.forEach(this::add);
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  boolean contains(EventId id) {
    return ids.contains(id) || ahead.contains(id);
  }

  void add(EventId id) {
    if (clock.ahead(id.timeNano())) {
      ahead.add(id);
      if (ahead.size() > CAPACITY) {
        Iterator<EventId> oldest = ahead.iterator();
        oldest.next();
        oldest.remove();
      }
      return;
    }
    ids.add(id);
    newest = Math.max(newest, id.timeNano());
    // Only the head is pruned by age: an older event further in stays until it reaches the head.
    while (ids.size() > CAPACITY || ids.iterator().next().timeNano() < since()) {
      Iterator<EventId> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The engine's {@code since} that replays every event that may follow these. */
  long since() {
    return Math.max(0, newest - SLACK_NANOS);
  }

  /**
   * The events still worth keeping across a restart, oldest first; those stamped ahead of the
   * engine come first, so a restarted reactor knows them as replays too, never as the newest.
   */
  List<EventId> list() {
    long since = since();
    List<EventId> kept = new ArrayList<>(ahead);
    ids.stream().filter(id -> id.timeNano() >= since).forEach(kept::add);
    return kept;
  }
}
