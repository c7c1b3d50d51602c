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
 * keeps only its last 256, and none across its own restart).
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

  private record Identity(long timeNano, String type, String action, String actorId) {
    static Identity of(DockerEvent e) {
      return new Identity(e.timeNano(), e.type(), e.action(), e.actor().id());
    }
  }

  private long lastTimeNano = -1;
  private final Set<Identity> seenAtLast = new HashSet<>();
  private boolean awaitingCheckpoint;

  /** The engine's {@code since} value for the next connection: empty means "from now". */
  public Optional<String> since() {
    if (lastTimeNano < 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format("%d.%09d", lastTimeNano / 1_000_000_000L, lastTimeNano % 1_000_000_000L));
  }

  /** The next events come from a new connection that replays from {@link #since()}. */
  public void resumed() {
    awaitingCheckpoint = lastTimeNano >= 0;
  }

  public Admission admit(DockerEvent event) {
    Identity identity = Identity.of(event);
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
