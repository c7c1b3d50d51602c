package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every outcome with its rule and event: every action the reactor takes is visible. */
public final class OutcomeLog implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger("reactor");

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    String where = "rule \"" + rule.name() + "\" on " + event.describe();
    if (outcome instanceof Outcome.Exited) {
      Outcome.Exited exited = (Outcome.Exited) outcome;
      long ms = exited.duration().toMillis();
      if (exited.status() == 0) {
        LOG.info("{}: exit 0 in {} ms", where, ms);
      } else {
        LOG.warn("{}: exit {} in {} ms", where, exited.status(), ms);
      }
    } else if (outcome instanceof Outcome.TimedOut) {
      LOG.warn(
          "{}: killed after its timeout of {} s",
          where,
          ((Outcome.TimedOut) outcome).timeout().toSeconds());
    } else if (outcome instanceof Outcome.Interrupted) {
      LOG.warn("{}: killed because the reactor is stopping", where);
    } else if (outcome instanceof Outcome.NotStarted) {
      LOG.error("{}: not started: {}", where, ((Outcome.NotStarted) outcome).reason());
    } else if (outcome instanceof Outcome.Skipped) {
      LOG.warn("{}: skipped, {}", where, ((Outcome.Skipped) outcome).reason());
    }
    // Dropped events are logged once per burst by their lane, not once each.
  }

  @Override
  public void gap(int appeared, int vanished) {
    LOG.warn(
        "reconciled after a gap in the event stream: {} containers appeared, {} vanished unseen",
        appeared,
        vanished);
  }

  @Override
  public void connected(boolean up) {
    // The event source logs the loss and the recovery, once each.
  }
}
