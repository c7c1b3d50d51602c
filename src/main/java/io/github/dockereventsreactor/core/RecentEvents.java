package io.github.dockereventsreactor.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The last events of the stream, oldest first: exactly those a resume can get back from the engine,
 * so a resent event is recognised by identity rather than by time.
 *
 * <p>Time alone cannot tell: the engine stamps an event before it takes the lock that publishes it,
 * so under concurrent API calls the stream is not in {@code timeNano} order (see
 * docs/reliability.md, "Order"). A resume asks for everything from {@link #SLACK_NANOS} before the
 * newest stamp, far more than any reordering, and the engine resends only its last {@value
 * #CAPACITY} events: the last {@value #CAPACITY} read are all a resend can hold. Events stamped
 * well ahead of the engine's clock ({@link EngineClock}) are kept apart, so they never set the
 * newest stamp.
 *
 * <p>The engine's clock is not monotonic (an NTP step, a VM restored from a snapshot, a recording
 * replayed after another). An event stamped more than the slack before the newest is no reordering
 * but a clock that stepped back: the time line starts again from it, so the next resume asks for
 * the events after it (from the old newest stamp, the engine would resend none of them). The
 * identities of the old time line stay, kept by arrival and not by age: stamped later, the engine
 * resends them to that same {@code since}, and they are recognised. A step forward needs nothing:
 * the old stamps fall behind the new {@code since}, which resends none of them.
 */
final class RecentEvents {

  static final int CAPACITY = 256;
  static final long SLACK_NANOS = 2_000_000_000L;

  private final LinkedHashSet<EventId> ids = new LinkedHashSet<>();
  // Events stamped ahead of the engine's clock (and a distrusted checkpoint's): recognised as
  // resends, but never the newest stamp (which would age every real event out and move the next
  // resume into the future).
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
      remember(id);
      return;
    }
    if (!ids.add(id)) {
      return;
    }
    long stamp = id.timeNano();
    newest = stamp < newest - SLACK_NANOS ? stamp : Math.max(newest, stamp);
    // By arrival, not by age: after a step back, a since() gone back resends events of the old
    // time line that an age limit had let go.
    if (ids.size() > CAPACITY) {
      Iterator<EventId> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * Recognises the event as a resend without letting its stamp move {@code since}: one stamped
   * ahead of the engine, or one of a checkpoint whose position cannot be trusted.
   */
  void remember(EventId id) {
    ahead.add(id);
    if (ahead.size() > CAPACITY) {
      Iterator<EventId> oldest = ahead.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The engine's {@code since} that resends every event that may follow these. */
  long since() {
    return Math.max(0, newest - SLACK_NANOS);
  }

  /**
   * The events a restart must know as resends, oldest first; those stamped ahead of the engine come
   * first, so a restarted reactor knows them as resends too, never as the newest.
   */
  List<EventId> list() {
    List<EventId> kept = new ArrayList<>(ahead);
    kept.addAll(ids);
    return kept;
  }
}
