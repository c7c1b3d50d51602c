package io.github.dockereventsreactor.engine;

import java.time.Duration;

/** What became of one rule's action for one event. */
public sealed interface Outcome {

  /** The command ran and exited with this status. */
  record Exited(int status, Duration duration) implements Outcome {}

  /** The command ran past its timeout and was killed. */
  record TimedOut(Duration timeout) implements Outcome {}

  /** The command was killed because the reactor was stopping and its wait was over. */
  record Interrupted(Duration duration) implements Outcome {}

  /** The command could not be started (not found, not executable, an argument the OS refuses). */
  record NotStarted(String reason) implements Outcome {}

  /** The command was not run: a placeholder had no value for this event. */
  record Skipped(String reason) implements Outcome {}

  /** The rule's queue, or the journal, was full, so the event never reached the command. */
  record Dropped(int queueCapacity) implements Outcome {}

  /** The webhook answered with a 2xx (or another non-retried) status. */
  record Delivered(int status, Duration duration, int attempts) implements Outcome {}

  /** The webhook could not be delivered: a 4xx, or errors and 5xx through every retry. */
  record Undelivered(String reason, int attempts) implements Outcome {}

  /** JetStream stored the message (or knew it already, by its id, when {@code duplicate}). */
  record Published(String stream, long sequence, boolean duplicate, Duration duration, int attempts)
      implements Outcome {}

  /** A later event of the same key came within the debounce period: this one is superseded. */
  record Debounced() implements Outcome {}

  /** Past the throttle's maximum for the window: not run, counted in the window's summary. */
  record Throttled() implements Outcome {}

  /**
   * The action threw instead of ending with an outcome (a value the OS refuses, a bug): reported
   * with the reason, and the rule goes on with its next event.
   */
  record Failed(String reason) implements Outcome {}

  /**
   * A reload removed (or changed) the rule while the event waited in its debounce, or reached it
   * after the swap: dropped, so the event's ticket completes and the checkpoint moves on.
   */
  record RuleRemoved() implements Outcome {}
}
