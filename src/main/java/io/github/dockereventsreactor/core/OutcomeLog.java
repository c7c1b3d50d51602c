package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs every outcome with its rule and event: every action the reactor takes is visible. A failure
 * that would repeat for every event (a command that cannot start, a webhook not delivered) is
 * logged the first time, then once a minute per rule with a count, so a missing command cannot
 * flood the log with two lines per Docker event.
 */
public final class OutcomeLog implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger("reactor");
  private static final Duration REPEAT_WINDOW = Duration.ofMinutes(1);

  private final RepeatedFailures repeated;
  // With several engines, which one an event came from: in each line and as the engine field.
  private final Optional<String> engine;

  /** The real clock, and summaries on a timer thread made on the first repeated failure. */
  public OutcomeLog() {
    this(Optional.empty());
  }

  /** The log of one engine's reactor among several, each line naming {@code engine}. */
  public OutcomeLog(Optional<String> engine) {
    this(Clock.systemUTC(), new Summaries(), engine);
  }

  OutcomeLog(Clock clock, RepeatedFailures.Later later) {
    this(clock, later, Optional.empty());
  }

  private OutcomeLog(Clock clock, RepeatedFailures.Later later, Optional<String> engine) {
    this.engine = engine;
    this.repeated =
        new RepeatedFailures(
            clock,
            REPEAT_WINDOW,
            later,
            (rule, quiet) ->
                LOG.atError()
                    .addKeyValue("rule", rule)
                    .log(
                        "rule \"{}\": {} more times in the last minute; the last: {}",
                        rule,
                        quiet.count(),
                        quiet.last()));
  }

  /** A daemon timer for the summaries, started only when a rule first fails repeatedly. */
  private static final class Summaries implements RepeatedFailures.Later {
    private ScheduledExecutorService timer;

    @Override
    public synchronized void run(Runnable task, Duration delay) {
      if (timer == null) {
        timer =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread thread = new Thread(r, "failure summaries");
                  thread.setDaemon(true);
                  return thread;
                });
      }
      // A summary line later; nothing waits for it, and the timer's daemon thread ends with us.
      ScheduledFuture<?> unused =
          timer.schedule(
              Periodic.guarded("a failure summary", task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // The outcome says it.
  }

  /** The rule and event as key-value pairs, which the JSON log format prints as fields. */
  public static LoggingEventBuilder about(LoggingEventBuilder line, Rule rule, DockerEvent event) {
    LoggingEventBuilder keyed =
        line.addKeyValue("rule", rule.name())
            .addKeyValue("event_type", event.type())
            .addKeyValue("event_action", event.action())
            .addKeyValue("actor_id", event.actor().id());
    Optional<String> name = event.actorName();
    return name.isPresent() ? keyed.addKeyValue("actor_name", name.get()) : keyed;
  }

  /** {@link #about}, and the engine's name when there are several. */
  private LoggingEventBuilder keyed(LoggingEventBuilder line, Rule rule, DockerEvent event) {
    LoggingEventBuilder keyed = about(line, rule, event);
    return engine.isPresent() ? keyed.addKeyValue("engine", engine.get()) : keyed;
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    keyed(LOG.atInfo(), rule, events.get(0))
        .log(
            "rule \"{}\": a batch of {} events, from {} to {}",
            rule.name(),
            events.size(),
            events.get(0).describe(),
            events.get(events.size() - 1).describe());
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    if (outcome.report() == Outcome.Report.ELSEWHERE) {
      return;
    }
    // The whole line, so that the logger formats nothing: a line per command.
    String line =
        "rule \""
            + rule.name()
            + "\" on "
            + event.describe()
            + (engine.isPresent() ? " from engine " + engine.get() : "")
            + ": "
            + outcome.describe();
    switch (outcome.report()) {
      case INFO -> keyed(LOG.atInfo(), rule, event).log(line);
      case WARN -> keyed(LOG.atWarn(), rule, event).log(line);
      case ERROR -> keyed(LOG.atError(), rule, event).log(line);
      case REPEATING_ERROR -> repeating(rule, event, line);
      case ELSEWHERE -> {}
    }
  }

  private void repeating(Rule rule, DockerEvent event, String message) {
    if (repeated.admit(rule.name(), message)) {
      keyed(LOG.atError(), rule, event)
          .log("{}; further failures of this rule: one line a minute, with their count", message);
    }
  }

  @Override
  public void gap(int appeared, int vanished) {
    LOG.warn(
        "reconciled after a gap in the event stream: {} containers appeared, {} vanished unseen",
        appeared,
        vanished);
  }
}
