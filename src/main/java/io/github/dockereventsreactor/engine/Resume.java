package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where to resume the event stream after a break, and which events are replays to drop.
 *
 * <p>The engine's {@code since} is inclusive, so a resume returns the last event seen: that both
 * needs dedupe and detects a gap exactly (if it does not come back, events were lost — the engine
 * keeps only its last 256, and none across its own restart). Called from the reading thread and
 * from the timer that gives up waiting for the checkpoint, hence synchronized.
 */
public final class Resume {

  /** What to do with an event that arrived. */
  public enum Admission {
    /** New: hand it to the rules. */
    NEW,
    /** New, but the event before it after a resume was not the checkpoint: events were lost. */
    NEW_AFTER_GAP,
    /** Already handed out before the break. */
    DUPLICATE
  }

  private long lastTimeNano;
  private final Set<Checkpoint> seenAtLast = new HashSet<>();
  private boolean awaitingCheckpoint;

  private Resume(long lastTimeNano) {
    this.lastTimeNano = lastTimeNano;
  }

  /** Live events only, from the moment of connection. */
  public static Resume fromNow() {
    return new Resume(-1);
  }

  /** Everything the engine still holds from this time on (inclusive), without dedupe. */
  public static Resume since(long timeNano) {
    return new Resume(timeNano);
  }

  /** Everything after the checkpoint, which itself must come back or events were lost. */
  public static Resume after(Checkpoint checkpoint) {
    Resume resume = new Resume(checkpoint.timeNano());
    resume.seenAtLast.add(checkpoint);
    resume.awaitingCheckpoint = true;
    return resume;
  }

  /** The engine's {@code since} value for the next connection: empty means "from now". */
  public synchronized Optional<String> since() {
    if (lastTimeNano < 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format("%d.%09d", lastTimeNano / 1_000_000_000L, lastTimeNano % 1_000_000_000L));
  }

  /** The next events come from a new connection that replays from {@link #since()}. */
  public synchronized void resumed() {
    awaitingCheckpoint = !seenAtLast.isEmpty();
  }

  /**
   * Stops waiting for the checkpoint to come back; true if it was still awaited, which means the
   * engine no longer holds it: events were lost.
   */
  public synchronized boolean giveUpOnCheckpoint() {
    boolean lost = awaitingCheckpoint;
    awaitingCheckpoint = false;
    return lost;
  }

  public synchronized Admission admit(DockerEvent event) {
    Checkpoint identity = Checkpoint.of(event);
    boolean checkpointCameBack = !awaitingCheckpoint || seenAtLast.contains(identity);
    awaitingCheckpoint = false;
    if (event.timeNano() < lastTimeNano
        || (event.timeNano() == lastTimeNano && !seenAtLast.add(identity))) {
      return Admission.DUPLICATE;
    }
    if (event.timeNano() > lastTimeNano) {
      lastTimeNano = event.timeNano();
      seenAtLast.clear();
      seenAtLast.add(identity);
    }
    return checkpointCameBack ? Admission.NEW : Admission.NEW_AFTER_GAP;
  }
}
