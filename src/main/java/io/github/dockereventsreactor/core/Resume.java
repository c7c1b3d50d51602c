package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where to resume the event stream after a break, and which events are resends to drop.
 *
 * <p>The engine resends in the order it published, and its {@code since} is inclusive, so a resume
 * returns the last event seen: that detects a gap exactly (an event not seen before arriving ahead
 * of it means events were lost — the engine keeps only its last 256, and none across its own
 * restart). Resends are recognised by identity among the {@link RecentEvents}, not by time, since
 * the stream is not in time order. An event counts as seen only once it has been handed out ({@link
 * #handedOut}), so one whose handling never happened comes again after a reconnect. Called from the
 * reading thread and from the timer that gives up waiting for the last event, hence synchronized.
 */
public final class Resume {

  private static final Logger LOG = LoggerFactory.getLogger(Resume.class);

  /**
   * How far back a reactor whose checkpoint cannot be trusted (stamped in the future) starts: far
   * enough to get everything the engine still holds (its last 256 events) in any ordinary hour.
   */
  public static final Duration RESEND_WINDOW = Duration.ofMinutes(5);

  /** What to do with an event that arrived. */
  public enum Admission {
    /** New: hand it to the rules. */
    NEW,
    /** New, but it came before the last event seen ahead of the break: events were lost. */
    NEW_AFTER_GAP,
    /** Already handed out before the break. */
    DUPLICATE
  }

  private long start;
  private final EngineClock clock;
  private final RecentEvents seen;
  private EventId last;
  private boolean awaitingLast;

  private Resume(long start, List<EventId> seen, EventId last, EngineClock clock) {
    this.start = start;
    this.clock = clock;
    this.seen = new RecentEvents(seen, clock);
    this.last = last;
    this.awaitingLast = last != null;
  }

  /** Live events only, from the moment of connection. */
  public static Resume fromNow(EngineClock clock) {
    return new Resume(-1, List.of(), null, clock);
  }

  /** Everything the engine still holds from this time on (inclusive), without dedupe. */
  public static Resume since(long timeNano, EngineClock clock) {
    return new Resume(timeNano, List.of(), null, clock);
  }

  /** Everything after the checkpoint, whose last event must come back or events were lost. */
  public static Resume after(Checkpoint checkpoint, EngineClock clock) {
    Resume resume = new Resume(-1, checkpoint.recent(), checkpoint.last(), clock);
    resume.seen.add(checkpoint.last());
    return resume;
  }

  /**
   * Everything the engine still holds from {@link #RESEND_WINDOW} before its time on, for a
   * checkpoint {@linkplain #fromTheFuture from the future}: its position cannot be trusted, but its
   * events were handed out (the journal hands out again those not done), and the engine resends
   * them to that earlier {@code since} as well, so they are dropped as resends.
   */
  public static Resume behind(Checkpoint checkpoint, EngineClock clock) {
    Resume resume = since(clock.nowNanos() - RESEND_WINDOW.toNanos(), clock);
    checkpoint.recent().forEach(resume.seen::remember);
    resume.seen.remember(checkpoint.last());
    return resume;
  }

  /**
   * True when a saved checkpoint lies ahead of the engine's clock (a state file from the future, a
   * clock that ran ahead and was corrected): resuming from it would ask for events that do not
   * exist yet, so it must not be used.
   */
  public static boolean fromTheFuture(Checkpoint checkpoint, EngineClock clock) {
    return clock.ahead(checkpoint.last().timeNano());
  }

  /** The engine's {@code since} value for the next connection: empty means "from now". */
  public synchronized Optional<String> since() {
    long since = seen.isEmpty() ? start : seen.since();
    if (since < 0) {
      return Optional.empty();
    }
    return Optional.of(String.format("%d.%09d", since / 1_000_000_000L, since % 1_000_000_000L));
  }

  /**
   * The next events come from a new connection that resends from {@link #since()}. A stream opened
   * "from now" fixes "now": should it break before any event was read, the next one asks for
   * everything since this connection (less the 2 s of the engine's reordering and of a {@code Date}
   * header's precision), or what the engine published meanwhile would be lost without a word.
   */
  public synchronized void resumed() {
    awaitingLast = last != null;
    if (start < 0 && seen.isEmpty()) {
      start = clock.nowNanos() - RecentEvents.SLACK_NANOS;
    }
  }

  /**
   * Stops waiting for the last event seen to come back; true if it was still awaited, which means
   * the engine no longer holds it: events were lost.
   */
  public synchronized boolean giveUpOnCheckpoint() {
    boolean lost = awaitingLast;
    awaitingLast = false;
    return lost;
  }

  /** Whether an event that arrived is new; it counts as seen only once {@link #handedOut}. */
  public synchronized Admission arrived(DockerEvent event) {
    EventId id = EventId.of(event);
    if (seen.contains(id)) {
      if (id.equals(last)) {
        awaitingLast = false;
      }
      return Admission.DUPLICATE;
    }
    if (awaitingLast && last != null && id.timeNano() < last.timeNano()) {
      // Stamped before the last event seen: an event of the resend that was never handed out (one
      // no rule took, read after the last save; Podman's resend of its whole log) is new, but no
      // sign that the engine lost the last one; that one may still come, or the wait gives up.
      return Admission.NEW;
    }
    boolean gap = awaitingLast;
    awaitingLast = false;
    return gap ? Admission.NEW_AFTER_GAP : Admission.NEW;
  }

  /**
   * One event read from the stream: a resend already handed out is dropped (false), a new one
   * reaches the sink (after the sink heard of the gap it reveals) and counts as seen from then on.
   */
  public boolean deliver(DockerEvent event, EventSink sink) {
    switch (arrived(event)) {
      case DUPLICATE -> {
        return false;
      }
      case NEW_AFTER_GAP -> gap(sink);
      default -> {}
    }
    sink.accept(event);
    handedOut(event);
    return true;
  }

  /** Events were lost: said once, and the sink reconciles. */
  public static void gap(EventSink sink) {
    LOG.warn(
        "the engine did not resend the last event seen before the break: events were lost"
            + " (it keeps only its last 256, and none across its own restart)");
    sink.gap();
  }

  /** The event reached the rules: a resend of it is a duplicate from now on. */
  public synchronized void handedOut(DockerEvent event) {
    EventId id = EventId.of(event);
    seen.add(id);
    // While the last event seen is awaited, an older one handed out meanwhile does not replace it.
    if (!awaitingLast) {
      last = id;
    }
  }
}
