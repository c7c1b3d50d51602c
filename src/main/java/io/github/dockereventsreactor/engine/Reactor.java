package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each event against every rule and hands it to the lanes of the rules that match. It runs
 * on the reading thread and never waits: the engine punishes a slow reader by stalling the whole
 * host's API calls and then dropping events.
 */
public final class Reactor implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

  /** Per-rule queue size: an hour of a busy host's events, a few MiB at most. */
  public static final int QUEUE_CAPACITY = 100_000;

  private final List<Rule> rules;
  private final List<Lane> lanes = new ArrayList<>();
  private final ContainerFacts facts;

  public Reactor(
      RuleSet ruleSet, ContainerFacts facts, ActionExecutor executor, ReactorListener listener) {
    this.rules = ruleSet.rules();
    this.facts = facts;
    for (Rule rule : rules) {
      lanes.add(new Lane(rule, QUEUE_CAPACITY, executor, listener));
    }
  }

  @Override
  public void accept(DockerEvent event) {
    EventContext context = null;
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).pattern().matches(event)) {
        if (context == null) {
          context = new EventContext(event, facts);
        }
        lanes.get(i).offer(context);
      }
    }
  }

  /**
   * Lets queued and running commands finish within the grace period, then kills what remains.
   * Returns true when everything finished in time.
   */
  public boolean stop(Duration grace) throws InterruptedException {
    lanes.forEach(Lane::close);
    long deadline = System.nanoTime() + grace.toNanos();
    boolean drained = true;
    for (Lane lane : lanes) {
      if (!lane.awaitDrained(deadline)) {
        drained = false;
        LOG.warn(
            "rule \"{}\": still busy after {} s, killing its command and dropping {} queued events",
            lane.ruleName(),
            grace.toSeconds(),
            lane.queued());
        lane.abort();
      }
    }
    for (Lane lane : lanes) {
      lane.join();
    }
    return drained;
  }
}
