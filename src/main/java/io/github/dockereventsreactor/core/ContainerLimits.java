package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.ContainerLimit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How often each rule acted on each container in its limit's window, and whether it gave up: what
 * stops a container that never heals from being restarted for ever. Pure: the time comes from the
 * clock it is given. Held in memory only (docs/reliability.md says why).
 */
public final class ContainerLimits {

  /** What the limit allows now, and the actions counted in the window with this one. */
  public record Decision(Verdict verdict, int count) {}

  /** Act; give up now (the first time past the limit in a window); or hold (given up already). */
  public enum Verdict {
    ACT,
    GIVE_UP,
    HOLD
  }

  /** The times of the actions in the window, its length, and when the limit gave up (or -1). */
  private static final class Window {
    final Deque<Long> times = new ArrayDeque<>();
    long per;
    long gaveUpAt = -1;
  }

  private record Key(String rule, String container) {}

  private final LongSupplier nanoTime;
  private final Map<Key, Window> windows = new HashMap<>();

  public ContainerLimits(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Counts an action of {@code rule} on {@code container} if the limit allows it: the first {@code
   * times} within {@code per} act, the next gives up, and the later ones are held until the window
   * has passed since the give-up.
   */
  public synchronized Decision admit(String rule, String container, ContainerLimit limit) {
    long now = nanoTime.getAsLong();
    long per = limit.per().toNanos();
    sweep(now);
    Window window = windows.computeIfAbsent(new Key(rule, container), k -> new Window());
    // A reload may change the window: the actions still in the new one count.
    window.per = per;
    if (window.gaveUpAt >= 0 && now - window.gaveUpAt < per) {
      return new Decision(Verdict.HOLD, window.times.size());
    }
    window.gaveUpAt = -1;
    if (window.times.size() < limit.times()) {
      window.times.addLast(now);
      return new Decision(Verdict.ACT, window.times.size());
    }
    window.gaveUpAt = now;
    return new Decision(Verdict.GIVE_UP, window.times.size());
  }

  /** The actions counted for {@code rule} on {@code container} in the window now. */
  public synchronized int count(String rule, String container) {
    sweep(nanoTime.getAsLong());
    Window window = windows.get(new Key(rule, container));
    return window == null ? 0 : window.times.size();
  }

  /**
   * Drops what has left the window, and the windows left empty: memory stays bounded by the
   * containers acted on within one window.
   */
  private void sweep(long now) {
    windows
        .values()
        .removeIf(
            w -> {
              while (!w.times.isEmpty() && now - w.times.peekFirst() >= w.per) {
                w.times.removeFirst();
              }
              return w.times.isEmpty() && (w.gaveUpAt < 0 || now - w.gaveUpAt >= w.per);
            });
  }
}
