package io.github.dockereventsreactor.sim;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated rules file: a few rules over container events, each with its version in its command
 * line (so an action says which version ran it), and the edits a reload brings: a rule added,
 * removed, changed (its actions, its gate, or only its concurrency), renamed, or a broken file.
 */
final class SimRules {

  /** The actions the simulated engine's containers go through. */
  static final List<String> ACTIONS = List.of("create", "start", "kill", "die", "stop", "destroy");

  /** How a rule lets events through to its command. */
  enum Gate {
    OPEN,
    DEBOUNCE,
    THROTTLE,
    BATCH
  }

  /** One rule as the simulator wrote it. */
  record SimRule(
      String name,
      int version,
      Set<String> actions,
      Gate gate,
      boolean reconcile,
      int concurrency) {

    /** Whether this rule matches the event, as the simulator judges it (not the reactor). */
    boolean matches(DockerEvent event) {
      return "container".equals(event.type())
          && actions.contains(event.action())
          && (!event.synthetic() || reconcile);
    }

    String yaml() {
      StringBuilder y = new StringBuilder();
      y.append("  ").append(name).append(":\n");
      y.append("    event: {type: container, action: [")
          .append(String.join(", ", actions))
          .append("]}\n");
      switch (gate) {
        case DEBOUNCE -> y.append("    debounce: 2s\n");
        case THROTTLE -> y.append("    throttle: {max: 2, per: 5s}\n    key: '%%actor.id%%'\n");
        case BATCH -> y.append("    batch: {max: 3, linger: 1s}\n");
        default -> {}
      }
      if (reconcile) {
        y.append("    reconcile: true\n");
      }
      y.append("    concurrency: ").append(concurrency).append('\n');
      y.append("    run: [act, ").append(name).append(", v").append(version).append("]\n");
      return y.toString();
    }
  }

  private final Map<String, SimRule> rules = new LinkedHashMap<>();
  private int names;
  private int versions;

  /** A first rules file of two to four rules. */
  static SimRules initial(SplittableRandom random) {
    SimRules file = new SimRules();
    int count = 2 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      file.put(file.fresh(random, "rule" + file.names++));
    }
    return file;
  }

  private SimRule fresh(SplittableRandom random, String name) {
    List<String> actions = new ArrayList<>();
    for (String action : ACTIONS) {
      if (random.nextInt(3) == 0) {
        actions.add(action);
      }
    }
    if (actions.isEmpty()) {
      actions.add(ACTIONS.get(random.nextInt(ACTIONS.size())));
    }
    Gate gate = Gate.values()[random.nextInt(Gate.values().length)];
    return new SimRule(
        name, ++versions, Set.copyOf(actions), gate, random.nextInt(3) == 0, 1 + random.nextInt(4));
  }

  private void put(SimRule rule) {
    rules.put(rule.name(), rule);
  }

  Map<String, SimRule> rules() {
    return Map.copyOf(rules);
  }

  String yaml() {
    StringBuilder y = new StringBuilder("events_reactor:\n");
    rules.values().forEach(rule -> y.append(rule.yaml()));
    return y.toString();
  }

  RuleSet load() {
    try {
      return RulesLoader.parse("sim.yml", yaml());
    } catch (InvalidRulesException e) {
      throw new IllegalStateException("the simulator wrote a rules file that does not load", e);
    }
  }

  /**
   * One edit of the file, described for the trace; the rules after it. A broken file changes
   * nothing (the reload refuses it and the rules in force stay).
   */
  String edit(SplittableRandom random) {
    List<String> names = new ArrayList<>(rules.keySet());
    int kind = random.nextInt(names.size() > 1 ? 6 : 2);
    switch (kind) {
      case 0 -> {
        SimRule added = fresh(random, "rule" + this.names++);
        put(added);
        return "added " + added.name() + " v" + added.version();
      }
      case 1 -> {
        return "broken file (refused, rules unchanged)";
      }
      case 2 -> {
        String name = names.get(random.nextInt(names.size()));
        rules.remove(name);
        return "removed " + name;
      }
      case 3 -> {
        SimRule old = rules.get(names.get(random.nextInt(names.size())));
        SimRule changed =
            new SimRule(
                old.name(),
                ++versions,
                old.actions(),
                old.gate(),
                old.reconcile(),
                1 + random.nextInt(4));
        put(changed);
        return "changed " + old.name() + " to v" + changed.version() + " (concurrency only)";
      }
      case 4 -> {
        SimRule old = rules.get(names.get(random.nextInt(names.size())));
        SimRule changed = fresh(random, old.name());
        put(changed);
        return "changed " + old.name() + " to v" + changed.version() + " (actions, gate)";
      }
      default -> {
        String name = names.get(random.nextInt(names.size()));
        SimRule old = rules.remove(name);
        SimRule renamed =
            new SimRule(
                "rule" + this.names++,
                ++versions,
                old.actions(),
                old.gate(),
                old.reconcile(),
                old.concurrency());
        put(renamed);
        return "renamed " + name + " to " + renamed.name();
      }
    }
  }

  /** A broken rules file: what the reload refuses. */
  static boolean loads(String text) {
    try {
      RulesLoader.parse("sim.yml", text);
      return true;
    } catch (InvalidRulesException e) {
      return false;
    }
  }
}
