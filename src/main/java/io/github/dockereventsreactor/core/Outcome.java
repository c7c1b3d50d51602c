package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of one rule's action for one event. Each variant says how it is logged and counted,
 * so a new variant cannot compile until it says both.
 */
public sealed interface Outcome {

  /** The text after {@code rule "NAME" on EVENT: } in the log. */
  String describe();

  /** How the log reports it. */
  Report report();

  /** How the metrics count it. */
  Tally tally();

  /**
   * True when a stop cut the action short: it did not complete, and runs again at the next start.
   */
  default boolean interrupted() {
    return false;
  }

  /** How an outcome is logged. */
  enum Report {
    INFO,
    WARN,
    ERROR,
    /** An error that would repeat for every event: first once, then a count a minute. */
    REPEATING_ERROR,
    /** Logged elsewhere, once per burst or window (a full queue, a throttle, a reload). */
    ELSEWHERE
  }

  /**
   * How an outcome is counted: an action that started ends with a {@code result} (and maybe a
   * duration to observe); one that did not start has a {@code reason} instead.
   */
  record Tally(boolean started, String label, Optional<Duration> duration) {

    static Tally finished(String result, Duration duration) {
      return new Tally(true, result, Optional.of(duration));
    }

    static Tally finished(String result) {
      return new Tally(true, result, Optional.empty());
    }

    static Tally notRun(String reason) {
      return new Tally(false, reason, Optional.empty());
    }
  }

  /** The command ran and exited with this status. */
  record Exited(int status, Duration duration) implements Outcome {
    @Override
    public String describe() {
      return "exit " + status + " in " + duration.toMillis() + " ms";
    }

    @Override
    public Report report() {
      return status == 0 ? Report.INFO : Report.WARN;
    }

    @Override
    public Tally tally() {
      return Tally.finished(result(), duration);
    }

    /** The exit status as the metrics' result: 126 and 127 are the shell's, above 128 a signal. */
    private String result() {
      if (status == 0) {
        return "success";
      }
      if (status == 126) {
        return "not_executable";
      }
      if (status == 127) {
        return "not_found";
      }
      return status > 128 ? "signal" : "failure";
    }
  }

  /** The command ran past its timeout and was killed. */
  record TimedOut(Duration timeout) implements Outcome {
    @Override
    public String describe() {
      return "killed after its timeout of " + DurationText.format(timeout);
    }

    @Override
    public Report report() {
      return Report.WARN;
    }

    @Override
    public Tally tally() {
      return Tally.finished("timeout", timeout);
    }
  }

  /** The command was killed because the reactor was stopping and its wait was over. */
  record Interrupted(Duration duration) implements Outcome {
    @Override
    public boolean interrupted() {
      return true;
    }

    @Override
    public String describe() {
      return "killed because the reactor is stopping";
    }

    @Override
    public Report report() {
      return Report.WARN;
    }

    @Override
    public Tally tally() {
      return Tally.finished("killed_at_stop");
    }
  }

  /** The command could not be started (not found, not executable, an argument the OS refuses). */
  record NotStarted(String reason) implements Outcome {
    @Override
    public String describe() {
      return "not started: " + reason;
    }

    @Override
    public Report report() {
      return Report.REPEATING_ERROR;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("not_started");
    }
  }

  /** The command was not run: a placeholder had no value for this event. */
  record Skipped(String reason) implements Outcome {
    @Override
    public String describe() {
      return "skipped, " + reason;
    }

    @Override
    public Report report() {
      return Report.WARN;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("missing_value");
    }
  }

  /** The rule's queue, or the journal, was full, so the event never reached the command. */
  record Dropped(int queueCapacity) implements Outcome {
    @Override
    public String describe() {
      return "dropped: the rule's queue ("
          + queueCapacity
          + " events, or its bytes) or the journal is full";
    }

    @Override
    public Report report() {
      return Report.ELSEWHERE;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("queue_full");
    }
  }

  /** The webhook answered with a 2xx (or another non-retried) status. */
  record Delivered(int status, Duration duration, int attempts) implements Outcome {
    @Override
    public String describe() {
      return "webhook answered HTTP "
          + status
          + " in "
          + duration.toMillis()
          + " ms ("
          + attempts
          + " attempts)";
    }

    @Override
    public Report report() {
      return Report.INFO;
    }

    @Override
    public Tally tally() {
      return Tally.finished("success", duration);
    }
  }

  /** The webhook could not be delivered: a 4xx, or errors and 5xx through every retry. */
  record Undelivered(String reason, int attempts) implements Outcome {
    @Override
    public String describe() {
      return "not delivered: " + reason;
    }

    @Override
    public Report report() {
      return Report.REPEATING_ERROR;
    }

    @Override
    public Tally tally() {
      return Tally.finished("undelivered");
    }
  }

  /** JetStream stored the message (or knew it already, by its id, when {@code duplicate}). */
  record Published(String stream, long sequence, boolean duplicate, Duration duration, int attempts)
      implements Outcome {
    @Override
    public String describe() {
      return "published to stream "
          + stream
          + " as #"
          + sequence
          + (duplicate ? " (a duplicate the stream already held)" : "")
          + " in "
          + duration.toMillis()
          + " ms ("
          + attempts
          + " attempts)";
    }

    @Override
    public Report report() {
      return Report.INFO;
    }

    @Override
    public Tally tally() {
      return Tally.finished("success", duration);
    }
  }

  /**
   * A {@code container:} action's result on each container it targeted (none: the selector found
   * nothing, or the target was gone), logged in one line.
   */
  record Acted(String verb, List<ContainerResult> results, Duration duration) implements Outcome {

    public Acted {
      results = List.copyOf(results);
    }

    @Override
    public String describe() {
      if (results.isEmpty()) {
        return "container " + verb + ": no container matched";
      }
      StringBuilder text = new StringBuilder("container ").append(verb).append(' ');
      for (int i = 0; i < results.size(); i++) {
        text.append(i == 0 ? "" : "; ").append(results.get(i).describe());
      }
      return text.append(" in ").append(duration.toMillis()).append(" ms").toString();
    }

    @Override
    public Report report() {
      boolean bad =
          results.isEmpty()
              || results.stream()
                  .anyMatch(r -> r.result().acted() && r.result() != ContainerResult.Result.DONE);
      return bad ? Report.WARN : Report.INFO;
    }

    @Override
    public Tally tally() {
      if (results.stream().noneMatch(r -> r.result().acted())) {
        return Tally.notRun(results.isEmpty() ? "no_container" : "no_longer_holds");
      }
      for (ContainerResult.Result worst :
          List.of(
              ContainerResult.Result.FAILED,
              ContainerResult.Result.TIMED_OUT,
              ContainerResult.Result.GAVE_UP)) {
        if (results.stream().anyMatch(r -> r.result() == worst)) {
          return Tally.finished(
              worst == ContainerResult.Result.FAILED ? "failure" : worst.label(), duration);
        }
      }
      return Tally.finished("success", duration);
    }
  }

  /** A later event of the same key came within the debounce period: this one is superseded. */
  record Debounced() implements Outcome {
    @Override
    public String describe() {
      return "debounced: a later event of the same key came within the quiet period";
    }

    /** Superseded by the event that runs, which is logged. */
    @Override
    public Report report() {
      return Report.ELSEWHERE;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("debounced");
    }
  }

  /** Past the throttle's maximum for the window: not run, counted in the window's summary. */
  record Throttled() implements Outcome {
    @Override
    public String describe() {
      return "throttled: past the rule's maximum for the window";
    }

    /** The window's summary says how many were held. */
    @Override
    public Report report() {
      return Report.ELSEWHERE;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("throttled");
    }
  }

  /**
   * The action threw instead of ending with an outcome (a value the OS refuses, a bug): reported
   * with the reason, and the rule goes on with its next event.
   */
  record Failed(String reason) implements Outcome {
    @Override
    public String describe() {
      return "failed: " + reason + "; the rule goes on";
    }

    @Override
    public Report report() {
      return Report.ERROR;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("failed");
    }
  }

  /**
   * A reload removed (or changed) the rule while the event waited in its debounce, or reached it
   * after the swap: dropped, so the event's ticket completes and the checkpoint moves on.
   */
  record RuleRemoved() implements Outcome {
    @Override
    public String describe() {
      return "dropped: a reload removed or changed the rule";
    }

    /** Logged once by the lane the reload retires. */
    @Override
    public Report report() {
      return Report.ELSEWHERE;
    }

    @Override
    public Tally tally() {
      return Tally.notRun("rule_removed");
    }
  }
}
