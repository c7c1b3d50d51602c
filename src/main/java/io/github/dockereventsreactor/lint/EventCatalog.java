package io.github.dockereventsreactor.lint;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event types and actions Docker and Podman send, by type, for warnings only: the reactor
 * itself treats both as open sets (new ones flow like any other). Docker's from its documented
 * event list and API types ({@code prune} since 17.06, {@code builder} since 23); Podman's from its
 * {@code events} documentation, its native names beside what its Docker API sends.
 */
final class EventCatalog {

  private static final Map<String, Set<String>> ACTIONS = new TreeMap<>();

  static {
    add(
        "container",
        "attach, commit, copy, create, destroy, detach, die, exec_create, exec_detach, exec_die,"
            + " exec_start, export, health_status, kill, oom, pause, rename, resize, restart,"
            + " start, stop, top, unpause, update, prune",
        "checkpoint, cleanup, died, exec, exec_died, exited, import, init, mount, refresh, remove,"
            + " restore, sync, unmount");
    add(
        "image",
        "delete, import, load, pull, push, save, tag, untag, prune",
        "build, loadfromarchive, mount, pull-error, remove, unmount");
    add("volume", "create, destroy, mount, unmount, prune", "remove");
    add("network", "create, connect, destroy, disconnect, remove, prune", "");
    add("plugin", "enable, disable, install, remove", "");
    add("daemon", "reload", "");
    add("service", "create, remove, update", "");
    add("node", "create, remove, update", "");
    add("secret", "create, remove, update", "");
    add("config", "create, remove, update", "");
    add("builder", "prune", "");
    add("pod", "", "create, kill, pause, remove, start, stop, unpause");
    add("system", "", "refresh, renumber");
    add("machine", "", "init");
    // The reactor's own, of its container: actions (docs/container-actions.md).
    add("reactor", "container_failed, container_gave_up, container_healed", "");
  }

  private EventCatalog() {}

  private static void add(String type, String docker, String podman) {
    Set<String> actions = new LinkedHashSet<>();
    for (String list : List.of(docker, podman)) {
      for (String action : list.split(",")) {
        if (!action.isBlank()) {
          actions.add(action.strip());
        }
      }
    }
    ACTIONS.put(type, actions);
  }

  static Set<String> types() {
    return ACTIONS.keySet();
  }

  /** The actions of these types; of every type when none is known. */
  static Set<String> actions(Collection<String> types) {
    Set<String> actions = new LinkedHashSet<>();
    for (String type : types.isEmpty() ? ACTIONS.keySet() : types) {
      actions.addAll(ACTIONS.getOrDefault(type, Set.of()));
    }
    return actions;
  }

  /** The known word nearest to a typo, when one is near enough to be what was meant. */
  static Optional<String> closest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(word, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, word.length() / 3)
        ? Optional.ofNullable(best)
        : Optional.empty();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
