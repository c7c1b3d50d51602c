package io.github.dockereventsreactor.sim;

import io.github.dockereventsreactor.core.ContainerSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated Docker engine: containers, a clock of its own (the host's, which an NTP step or a
 * restored snapshot moves back or forward), the last {@value #KEPT} events it replays to a {@code
 * since} (inclusive, in publish order), and one event stream at a time. Stamps are taken before
 * publishing, so events published close together may come out of stamp order (within 2 s), as
 * dockerd's do under concurrent API calls. A restart forgets its events; containers may come and go
 * without a word (a gap).
 */
final class SimEngine {

  static final int KEPT = 256;

  /** One event as the engine published it: its line, its stamp, its place in the engine's order. */
  record Published(long order, String id, String action, long timeNano, String line) {}

  private final SplittableRandom random;
  private final Map<String, String> containers = new LinkedHashMap<>();
  private final Deque<Published> kept = new ArrayDeque<>();
  // The stream: what it will deliver next, in order; absent while no stream is open.
  private Deque<Published> stream;
  private long published;
  private long newest = Long.MIN_VALUE;
  private int containerNames;
  // The host's wall clock: the simulation's monotonic time plus what steps added.
  private long stepNanos;
  private long lastStamp;
  // Per event published: the latest stamp of all published before it, forgotten or not.
  private final Map<Long, Long> stampedBefore = new HashMap<>();

  SimEngine(SplittableRandom random) {
    this.random = random;
  }

  /** The engine's time now, for a simulation at {@code monotonicNanos}. */
  long now(long monotonicNanos) {
    return Base.EPOCH + monotonicNanos + stepNanos;
  }

  /** The host's clock steps by {@code nanos} (negative: back). */
  void step(long nanos) {
    stepNanos += nanos;
  }

  /** Some container changes, stamped at {@code monotonicNanos}, published in a burst. */
  List<Published> burst(long monotonicNanos, int count) {
    List<Published> made = new ArrayList<>();
    long at = now(monotonicNanos);
    for (int i = 0; i < count; i++) {
      // Distinct stamps: an event's identity is its stamp, type, action and actor.
      at += 1 + random.nextInt(50_000_000);
      made.add(change(at));
    }
    // Stamped before the lock that publishes them: neighbours within 2 s may swap.
    for (int i = 0; i + 1 < made.size(); i++) {
      if (random.nextInt(8) == 0 && made.get(i + 1).timeNano() - made.get(i).timeNano() < 2e9) {
        Published a = made.get(i);
        made.set(i, made.get(i + 1));
        made.set(i + 1, a);
      }
    }
    List<Published> out = new ArrayList<>();
    for (Published p : made) {
      Published ordered = new Published(published++, p.id(), p.action(), p.timeNano(), p.line());
      stampedBefore.put(ordered.order(), newest);
      newest = Math.max(newest, ordered.timeNano());
      kept.addLast(ordered);
      if (kept.size() > KEPT) {
        kept.removeFirst();
      }
      if (stream != null) {
        stream.addLast(ordered);
      }
      out.add(ordered);
    }
    return out;
  }

  private Published change(long stamp) {
    String id;
    String action;
    if (containers.isEmpty() || random.nextInt(5) == 0) {
      id = String.format("%064x", ++containerNames);
      containers.put(id, "c" + containerNames);
      action = "create";
    } else {
      List<String> ids = new ArrayList<>(containers.keySet());
      id = ids.get(random.nextInt(ids.size()));
      action = SimRules.ACTIONS.get(1 + random.nextInt(SimRules.ACTIONS.size() - 1));
      if (action.equals("destroy")) {
        containers.remove(id);
      }
    }
    lastStamp = Math.max(lastStamp, stamp);
    String name = containers.getOrDefault(id, "gone");
    String line =
        String.format(
            "{\"status\":\"%s\",\"id\":\"%s\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"%s\",\"Actor\":{\"ID\":\"%s\",\"Attributes\":{\"image\":\"busybox\","
                + "\"name\":\"%s\"}},\"scope\":\"local\",\"time\":%d,\"timeNano\":%d}",
            action, id, action, id, name, stamp / 1_000_000_000L, stamp);
    return new Published(published, id, action, stamp, line);
  }

  /** A container appears or vanishes without an event (seen only by a reconcile's listing). */
  String unseenChange() {
    if (!containers.isEmpty() && random.nextBoolean()) {
      String id = containers.keySet().iterator().next();
      containers.remove(id);
      return "container " + id.substring(52) + " vanished unseen";
    }
    String id = String.format("%064x", ++containerNames);
    containers.put(id, "c" + containerNames);
    return "container " + id.substring(52) + " appeared unseen";
  }

  /** The engine restarts: its stream ends and the events it kept are gone. */
  void restart() {
    kept.clear();
    stream = null;
  }

  /**
   * Opens the stream: what it kept from {@code since} on (inclusive; absent: nothing but what
   * comes), then what it publishes.
   */
  void open(Optional<String> since) {
    stream = new ArrayDeque<>();
    if (since.isEmpty()) {
      return;
    }
    long from = nanos(since.get());
    kept.stream().filter(p -> p.timeNano() >= from).forEach(stream::addLast);
  }

  void close() {
    stream = null;
  }

  boolean open() {
    return stream != null;
  }

  /** The next line the stream delivers, if it has one now. */
  Optional<Published> next() {
    return stream == null ? Optional.empty() : Optional.ofNullable(stream.pollFirst());
  }

  /** The stream sends this line again (the engine's own duplicate). */
  void again(Published line) {
    if (stream != null) {
      stream.addFirst(line);
    }
  }

  int waiting() {
    return stream == null ? 0 : stream.size();
  }

  /** Whether the engine still holds the event to replay. */
  boolean keeps(long order) {
    return kept.stream().anyMatch(p -> p.order() == order);
  }

  /**
   * Whether a still-held event lies before {@code since} only because the host's clock stepped back
   * after an event published before it (kept or forgotten): that one is stamped at or after {@code
   * since} and more than the engine's 2 s of reordering after this one. A replay to that {@code
   * since} cannot bring it (docs/reliability.md: a clock stepping back is the engine's limit).
   */
  boolean behindAStepBack(long order, Optional<String> since) {
    if (since.isEmpty()) {
      return false;
    }
    long from = nanos(since.get());
    Optional<Published> event = kept.stream().filter(p -> p.order() == order).findFirst();
    long before = stampedBefore.getOrDefault(order, Long.MIN_VALUE);
    return event.isPresent()
        && event.get().timeNano() < from
        && before >= from
        && before - event.get().timeNano() > 2_000_000_000L;
  }

  private static long nanos(String since) {
    String[] parts = since.split("\\.");
    return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(parts[1]);
  }

  /** The containers a listing shows. */
  List<ContainerSummary> list() {
    List<ContainerSummary> listed = new ArrayList<>();
    containers.forEach((id, name) -> listed.add(new ContainerSummary(id, name, "busybox", true)));
    return listed;
  }

  /** Where simulated time begins: an ordinary date, so stamps look like the engine's. */
  static final class Base {
    static final long EPOCH = 1_780_000_000_000_000_000L;

    private Base() {}
  }
}
