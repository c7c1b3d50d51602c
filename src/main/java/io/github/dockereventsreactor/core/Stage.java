package io.github.dockereventsreactor.core;

/**
 * The points on an event's way from the matcher to its rule's action that the core passes, told to
 * {@link ReactorListener#stage} as they are passed: what a profiler of the command path times (the
 * reading before them and the spawn after them are timed where they happen, in the adapters).
 */
public enum Stage {
  /** The rules that match the event are known; nothing is queued yet. */
  MATCHED,
  /** Every rule that matched has been offered the event: a waiting worker has been signalled. */
  QUEUED,
  /** A rule's worker has the event in hand, out of its queue. */
  WOKE,
  /** The rule's action is rendered (its argv, body or message), about to be executed. */
  RENDERED
}
