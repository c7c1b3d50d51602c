package io.github.dockereventsreactor.core;

/**
 * The steps of an event's handling whose failure in the reactor's own code is an internal error of
 * that step: each is logged with its label and counted under it.
 */
public enum HandlingStep {
  /** The source reading and decoding one line of the stream. */
  READ("read"),
  /** The container facts (the inspect cache) seeing the event. */
  FACTS("facts"),
  /** Marking a container's die as killed when a kill came just before it. */
  ANNOTATE("annotate"),
  /** Keeping the list of known containers up to date. */
  ROSTER("roster"),
  /** A listener: the metrics or the log. */
  LISTENER("listener"),
  /** Matching the event against the rules. */
  MATCH("match"),
  /** Handing the event to a rule's queue. */
  QUEUE("queue");

  private final String label;

  HandlingStep(String label) {
    this.label = label;
  }

  /** The word in the log and the {@code where} label of the internal-errors metric. */
  public String label() {
    return label;
  }
}
