package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent {@code kill} events per container, so that a {@code die} says whether someone stopped the
 * container ({@code killed: true}) or it ended on its own. Docker's die carries the exit code but
 * not that.
 */
public final class KillMemory {

  static final long WINDOW_NANOS = 30_000_000_000L;
  private static final int REMEMBERED = 10_000;

  private final Map<String, Long> lastKill =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** The event, marked killed when it is a die within 30 s of a kill of the same container. */
  public synchronized DockerEvent annotate(DockerEvent event) {
    if (!"container".equals(event.type())) {
      return event;
    }
    String id = event.actor().id();
    switch (event.verb()) {
      case "kill" -> {
        lastKill.put(id, event.timeNano());
        return event;
      }
      case "die" -> {
        Long kill = lastKill.remove(id);
        return event.withKilled(kill != null && event.timeNano() - kill <= WINDOW_NANOS);
      }
      case "destroy" -> {
        lastKill.remove(id);
        return event;
      }
      default -> {
        return event;
      }
    }
  }
}
