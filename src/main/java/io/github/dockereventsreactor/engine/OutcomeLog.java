package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** Logs every outcome with its rule and event: every action the reactor takes is visible. */
public final class OutcomeLog implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger("reactor");

  @Override
  public void received(DockerEvent event) {
    // Events are logged through what the rules do with them.
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // The outcome says it.
  }

  /** The rule and event as key-value pairs, which the JSON log format prints as fields. */
  public static LoggingEventBuilder about(LoggingEventBuilder line, Rule rule, DockerEvent event) {
    line.addKeyValue("rule", rule.name())
        .addKeyValue("event_type", event.type())
        .addKeyValue("event_action", event.action())
        .addKeyValue("actor_id", event.actor().id());
    event.actorName().ifPresent(name -> line.addKeyValue("actor_name", name));
    return line;
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    String where = "rule \"" + rule.name() + "\" on " + event.describe();
    if (outcome instanceof Outcome.Exited) {
      Outcome.Exited exited = (Outcome.Exited) outcome;
      long ms = exited.duration().toMillis();
      if (exited.status() == 0) {
        about(LOG.atInfo(), rule, event).log("{}: exit 0 in {} ms", where, ms);
      } else {
        about(LOG.atWarn(), rule, event).log("{}: exit {} in {} ms", where, exited.status(), ms);
      }
    } else if (outcome instanceof Outcome.TimedOut) {
      about(LOG.atWarn(), rule, event)
          .log(
              "{}: killed after its timeout of {}",
              where,
              format(((Outcome.TimedOut) outcome).timeout()));
    } else if (outcome instanceof Outcome.Interrupted) {
      about(LOG.atWarn(), rule, event).log("{}: killed because the reactor is stopping", where);
    } else if (outcome instanceof Outcome.NotStarted) {
      about(LOG.atError(), rule, event)
          .log("{}: not started: {}", where, ((Outcome.NotStarted) outcome).reason());
    } else if (outcome instanceof Outcome.Delivered) {
      Outcome.Delivered delivered = (Outcome.Delivered) outcome;
      about(LOG.atInfo(), rule, event)
          .log("{}: webhook answered HTTP {} in {} ms ({} attempts)", where, delivered.status(),
              delivered.duration().toMillis(), delivered.attempts());
    } else if (outcome instanceof Outcome.Undelivered) {
      about(LOG.atError(), rule, event)
          .log("{}: webhook not delivered: {}", where, ((Outcome.Undelivered) outcome).reason());
    } else if (outcome instanceof Outcome.Skipped) {
      about(LOG.atWarn(), rule, event)
          .log("{}: skipped, {}", where, ((Outcome.Skipped) outcome).reason());
    } else if (outcome instanceof Outcome.Failed) {
      about(LOG.atError(), rule, event)
          .log("{}: failed: {}; the rule goes on", where, ((Outcome.Failed) outcome).reason());
    } else if (outcome instanceof Outcome.RuleRemoved) {
      about(LOG.atWarn(), rule, event).log("{}: dropped: rule removed by a reload", where);
    }
    // Dropped events are logged once per burst by their lane, throttled ones once per window;
    // debounced ones are superseded by the event that runs.
  }

  private static String format(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
