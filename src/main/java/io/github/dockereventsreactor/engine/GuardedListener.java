package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;
import java.util.function.Supplier;

/**
 * A listener whose failures stay its own: the metrics or the log failing on an odd event must not
 * stop the event's handling, the reading thread, or a rule's worker.
 */
final class GuardedListener implements ReactorListener {

  private final ReactorListener listener;
  private final InternalErrors errors;

  GuardedListener(ReactorListener listener, InternalErrors errors) {
    this.listener = listener;
    this.errors = errors;
  }

  @Override
  public void received(DockerEvent event) {
    guard(event::describe, () -> listener.received(event));
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    guard(event::describe, () -> listener.matched(rule, event));
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    guard(event::describe, () -> listener.outcome(rule, event, outcome));
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    guard(events.get(0)::describe, () -> listener.batched(rule, events));
  }

  @Override
  public void gap(int appeared, int vanished) {
    guard(() -> "a gap", () -> listener.gap(appeared, vanished));
  }

  @Override
  public void connected(boolean up) {
    guard(() -> "a connection change", () -> listener.connected(up));
  }

  /** The subject is described only on a failure: describing every event costs a replay dearly. */
  private void guard(Supplier<String> subject, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      errors.report("listener", subject.get(), e);
    }
  }
}
