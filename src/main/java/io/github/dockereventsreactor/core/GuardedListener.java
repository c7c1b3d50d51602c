package io.github.dockereventsreactor.core;

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

  // The calls made for every event catch in place, without a lambda: under the launcher's client
  // compiler each capturing lambda is an allocation through the JVM's runtime
  // (docs/benchmarks-history.md).

  @Override
  public void received(DockerEvent event) {
    try {
      listener.received(event);
    } catch (RuntimeException e) {
      failed(event, e);
    }
  }

  @Override
  public void stage(Stage stage, DockerEvent event) {
    try {
      listener.stage(stage, event);
    } catch (RuntimeException e) {
      failed(event, e);
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    try {
      listener.matched(rule, event);
    } catch (RuntimeException e) {
      failed(event, e);
    }
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    try {
      listener.outcome(rule, event, outcome);
    } catch (RuntimeException e) {
      failed(event, e);
    }
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

  private void failed(DockerEvent event, RuntimeException e) {
    errors.report(HandlingStep.LISTENER, event.describe(), e);
  }

  /** The subject is described only on a failure: describing every event costs a replay dearly. */
  private void guard(Supplier<String> subject, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      errors.report(HandlingStep.LISTENER, subject.get(), e);
    }
  }
}
