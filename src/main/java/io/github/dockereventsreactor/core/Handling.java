package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a lane acts on its events, whichever thread runs them: renders and runs the rule's actions
 * for one event or a batch, reports each outcome, and completes the events' tickets. One place, so
 * a worker and a replay's caller thread act alike; the rest of the lane ends an event it will not
 * run (skipped, dropped, removed) through {@link #finish}, so every ticket completes the same way.
 */
final class Handling {

  // The lane's logger, whichever part of the lane writes: operators know its lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  private final Rule rule;
  private final LaneParts parts;

  Handling(Rule rule, LaneParts parts) {
    this.rule = rule;
    this.parts = parts;
  }

  /**
   * Runs the rule's actions for the events (one, or a batch rendered together), in order; they are
   * done when all actions are. Whatever an action throws becomes its outcome, so the worker always
   * goes on to the next event.
   */
  void handle(List<QueuedEvent> queued) {
    List<QueuedEvent> works = new ArrayList<>(queued.size());
    List<EventContext> contexts = new ArrayList<>(queued.size());
    for (QueuedEvent event : queued) {
      Optional<EventContext> parsed = event.context(parts.facts());
      if (parsed.isPresent()) {
        works.add(event);
        contexts.add(parsed.get());
      } else {
        finishUnreadable(event);
      }
    }
    if (works.isEmpty()) {
      return;
    }
    EventContext context =
        rule.options().batch().isEmpty() ? contexts.get(0) : EventContext.batch(contexts);
    if (works.size() > 1 && anArgumentTooLong(context)) {
      // The kernel refuses the command whole: two half batches, each under its limit.
      handle(works.subList(0, works.size() / 2));
      handle(works.subList(works.size() / 2, works.size()));
      return;
    }
    DockerEvent event = context.event();
    parts.listener().stage(Stage.WOKE, event);
    if (rule.options().batch().isPresent()) {
      try {
        parts.listener().batched(rule, context.batch());
      } catch (RuntimeException e) {
        LOG.error("rule \"{}\": reporting a batch failed", rule.name(), e);
      }
    }
    boolean completed = true;
    for (Action action : rule.actions()) {
      Outcome outcome = outcome(action, context);
      report(event, outcome);
      completed &= !outcome.interrupted();
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    // An action killed by the stop did not complete: the checkpoint stays before its events, so
    // the next start runs them again.
    if (completed) {
      works.forEach(w -> parts.progress().done(w.ticket(), rule));
    }
  }

  private boolean anArgumentTooLong(EventContext batch) {
    for (Action action : rule.actions()) {
      try {
        Prepared prepared = action.prepare(batch);
        if (prepared.argumentTooLong()) {
          return true;
        }
      } catch (RuntimeException e) {
        return false; // the action's own run reports it
      }
    }
    return false;
  }

  /**
   * The action's outcome, whatever happens. Only a VirtualMachineError (out of memory, stack
   * overflow) goes through: the JVM is no longer sound, and the reactor exits on it.
   */
  private Outcome outcome(Action action, EventContext context) {
    try {
      Prepared prepared = action.prepare(context);
      parts.listener().stage(Stage.RENDERED, context.event());
      return execute(prepared, context.event());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Interrupted(Duration.ZERO);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.debug("rule \"{}\": the action threw", rule.name(), e);
      return new Outcome.Failed(ErrorWords.bug(e));
    }
  }

  private Outcome execute(Prepared prepared, DockerEvent event) throws InterruptedException {
    if (prepared.skipped()) {
      // Nothing runs: no --max-running permit to wait for.
      return parts.executor().execute(rule, event, prepared);
    }
    Semaphore running = parts.running();
    running.acquire();
    try {
      return parts.executor().execute(rule, event, prepared);
    } finally {
      running.release();
    }
  }

  /** Tells the listeners; a listener that throws costs its own report, never the ticket. */
  private void report(DockerEvent event, Outcome outcome) {
    try {
      parts.listener().outcome(rule, event, outcome);
    } catch (RuntimeException e) {
      LOG.error("rule \"{}\": reporting {} failed", rule.name(), outcome, e);
    }
  }

  /** Ends an event the lane does not run: reports why, and completes its ticket. */
  void finish(QueuedEvent event, Outcome outcome) {
    Optional<EventContext> parsed = event.context(parts.facts());
    if (parsed.isEmpty()) {
      finishUnreadable(event);
      return;
    }
    report(parsed.get().event(), outcome);
    parts.progress().done(event.ticket(), rule);
  }

  /** An event whose JSON no longer parses (only one built elsewhere than the parser could). */
  void finishUnreadable(QueuedEvent event) {
    LOG.error(
        "rule \"{}\": a queued event no longer parses, not acted on: {}",
        rule.name(),
        event.json());
    parts.progress().done(event.ticket(), rule);
  }
}
