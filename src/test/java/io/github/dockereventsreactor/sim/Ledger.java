package io.github.dockereventsreactor.sim;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.event.DockerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the reactor read and what each rule did with it, kept by the simulator independently of the
 * reactor, and the invariants judged on it: every event read is acted on (or settled: debounced,
 * throttled, skipped, or its rule removed) by each rule that matched it, at least once, and again
 * only after a crash; per rule and container, actions in the order read (the engine's, but for an
 * event it delivers late); the checkpoint never passes an event some rule has not done. Without a
 * journal, an event read before a crash and not done comes back only through the engine's replay:
 * once the engine no longer holds it (its last 256 events, none across its own restart) before the
 * restarted reactor read it again, it is excused, as docs/reliability.md promises no more.
 */
final class Ledger {

  /**
   * Where an event read and not done when the process died can come back from: the journal on disk
   * (owed), the engine's replay only (its record was not forced before a power cut, or there is no
   * journal: owed while the engine replays it), or nowhere (the disk refused its record, or a
   * flipped bit hit it: owed only if the engine delivers it again).
   */
  enum Left {
    ON_DISK,
    WITH_THE_ENGINE,
    NOWHERE
  }

  /** One event read, and by whom it was acted on. */
  static final class Read {
    final EventId id;
    final String label;
    long index;
    // The engine's publish order (-1 for a reconcile's made-up event, which has none).
    final long order;
    final boolean synthetic;
    final String actor;
    final Set<String> expected = new HashSet<>();
    int life;
    final Map<String, Integer> actedIn = new HashMap<>();
    final Set<String> settled = new HashSet<>();
    boolean excused;
    // Where it can come back from, decided when the process died before it was done.
    Left left = Left.ON_DISK;

    Read(DockerEvent event, String label, long order, long index, Set<String> expected, int life) {
      this.id = EventId.of(event);
      this.order = order;
      this.label = label;
      this.index = index;
      this.synthetic = event.synthetic();
      this.actor = event.actor().id();
      this.expected.addAll(expected);
      this.life = life;
    }

    boolean done(String rule) {
      return actedIn.containsKey(rule) || settled.contains(rule);
    }

    boolean done() {
      return expected.stream().allMatch(this::done);
    }
  }

  private final Map<EventId, Read> reads = new LinkedHashMap<>();
  // Per life, rule and container: the read index of the last event acted on.
  private final Map<String, Long> lastActed = new HashMap<>();
  // Per rule name: the read index at its last removal (its events read before may be dropped).
  private final Map<String, Long> removedAt = new HashMap<>();
  private long next;
  private Optional<String> violation = Optional.empty();

  Optional<String> violation() {
    return violation;
  }

  private void violated(String what) {
    if (violation.isEmpty()) {
      violation = Optional.of(what);
    }
  }

  Optional<Read> read(EventId id) {
    return Optional.ofNullable(reads.get(id));
  }

  /** The reactor read the event (or made it up after a gap); {@code expected}: who must act. */
  Read read(DockerEvent event, String label, long order, Set<String> expected, int life) {
    Read earlier = reads.get(EventId.of(event));
    if (earlier != null) {
      if (earlier.life == life) {
        violated(label + " was read twice in one life (a replay not recognised)");
      }
      // Read again after a crash (the engine replayed what the checkpoint had not passed): the
      // rules in force now take it, as the rules of before would have.
      earlier.excused = false;
      earlier.left = Left.ON_DISK;
      earlier.expected.clear();
      earlier.expected.addAll(expected);
      earlier.life = life;
      earlier.index = next++;
      return earlier;
    }
    Read read = new Read(event, label, order, next++, expected, life);
    reads.put(read.id, read);
    return read;
  }

  /** The rule's action ran for these events, in this life. */
  void acted(String rule, List<DockerEvent> events, int life) {
    for (DockerEvent event : events) {
      Read read = reads.get(EventId.of(event));
      if (read == null) {
        violated("rule " + rule + " acted on an event never read: " + event.describe());
        return;
      }
      if (!read.expected.contains(rule)) {
        violated("rule " + rule + " acted on " + read.label + ", which it did not match when read");
      }
      Integer before = read.actedIn.get(rule);
      if (before != null && before == life) {
        violated(
            "rule " + rule + " acted twice on " + read.label + " in one life (no crash between)");
      }
      read.actedIn.put(rule, life);
      if (read.synthetic) {
        continue;
      }
      // The order promised is the order read, which is the engine's except for an event it
      // delivers late: one missed in a gap or across a clock step that a later replay reaching
      // further back brings, acted on as new (docs/reliability.md, the limits).
      String key = life + "/" + rule + "/" + read.actor;
      Long last = lastActed.get(key);
      if (last != null && last > read.index) {
        violated(
            "rule "
                + rule
                + " acted on "
                + read.label
                + " after an event of the same container read later");
      }
      lastActed.put(key, Math.max(read.index, last == null ? -1 : last));
    }
  }

  /** The rule settled the event without acting: debounced, throttled, skipped, removed. */
  void settled(String rule, DockerEvent event) {
    Read read = reads.get(EventId.of(event));
    if (read != null) {
      read.settled.add(rule);
    }
  }

  /** The rule is no longer in force (removed, renamed): what it had not done may be dropped. */
  void removed(String rule) {
    removedAt.put(rule, next);
  }

  /** The process died: what each event read and not done can come back from. */
  void died(java.util.function.Function<Read, Left> left) {
    reads.values().stream().filter(r -> !r.done()).forEach(r -> r.left = left.apply(r));
  }

  /**
   * At each connection after a crash: what an earlier life read and did not finish, and that can
   * come back neither from the disk nor from the engine, is excused.
   */
  void excuseUnfinished(java.util.function.Predicate<Read> lostByEngine) {
    reads.values().stream()
        .filter(r -> !r.done())
        .filter(lostByEngine)
        .forEach(r -> r.excused = true);
  }

  /** The checkpoint (without a journal) may pass only events every rule has done. */
  void checkpoint(Optional<Checkpoint> checkpoint, int life) {
    if (checkpoint.isEmpty()) {
      return;
    }
    Read at = reads.get(checkpoint.get().last());
    if (at == null || at.life != life) {
      return;
    }
    for (Read read : reads.values()) {
      if (read.index <= at.index && read.life == life && !read.synthetic && !read.done()) {
        violated(
            "the checkpoint "
                + at.label
                + " passed "
                + read.label
                + ", not done by "
                + missing(read));
        return;
      }
    }
  }

  /** After the faults stopped and everything drained: every event read was done by its rules. */
  void drained() {
    for (Read read : reads.values()) {
      List<String> missing = new ArrayList<>();
      for (String rule : read.expected) {
        Long removal = removedAt.get(rule);
        boolean droppedWithItsRule = removal != null && removal > read.index;
        if (!read.done(rule) && !droppedWithItsRule && !read.excused) {
          missing.add(rule);
        }
      }
      if (!missing.isEmpty()) {
        violated(read.label + " was never acted on by " + missing);
        return;
      }
    }
  }

  private static List<String> missing(Read read) {
    return read.expected.stream().filter(r -> !read.done(r)).sorted().toList();
  }

  long reads() {
    return next;
  }

  void internalError(String where) {
    violated("internal error in the reactor (" + where + ")");
  }

  void broken(String what) {
    violated(what);
  }
}
