package io.github.dockereventsreactor.engine;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The last events of the stream, oldest first: exactly those a resume can get back from the
 * engine, so a replayed event is recognised by identity rather than by time.
 *
 * <p>Time alone cannot tell: the engine stamps an event before it takes the lock that publishes
 * it, so under concurrent API calls the stream is not in {@code timeNano} order (measured: a few
 * events in a thousand come after a later-stamped one). Two bounds make the set exact: the engine
 * replays only its last {@value #CAPACITY} events, and a resume asks for everything from {@link
 * #SLACK_NANOS} before the newest stamp, far more than any reordering, so an event older than that
 * is never replayed and need not be kept.
 */
final class RecentEvents {

  static final int CAPACITY = 256;
  static final long SLACK_NANOS = 2_000_000_000L;

  private final LinkedHashSet<EventId> ids = new LinkedHashSet<>();
  private long newest = -1;

  RecentEvents(List<EventId> start) {
    start.forEach(this::add);
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  boolean contains(EventId id) {
    return ids.contains(id);
  }

  void add(EventId id) {
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

  /** The events still worth keeping across a restart, oldest first. */
  List<EventId> list() {
    long since = since();
    return ids.stream().filter(id -> id.timeNano() >= since).toList();
  }
}
