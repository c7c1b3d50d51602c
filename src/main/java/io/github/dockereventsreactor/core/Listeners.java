package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;

/** Several listeners as one: the log and the metrics hear the same story. */
public final class Listeners implements ReactorListener {

  private final List<ReactorListener> all;

  public Listeners(ReactorListener... listeners) {
    this.all = List.of(listeners);
  }

  @Override
  public void received(DockerEvent event) {
    all.forEach(l -> l.received(event));
  }

  @Override
  public void stage(Stage stage, DockerEvent event) {
    // A loop, not a lambda: this runs several times per event, and a capturing lambda is an
    // allocation under the client compiler.
    for (ReactorListener listener : all) {
      listener.stage(stage, event);
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    all.forEach(l -> l.matched(rule, event));
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    all.forEach(l -> l.outcome(rule, event, outcome));
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    all.forEach(l -> l.batched(rule, events));
  }

  @Override
  public void gap(int appeared, int vanished) {
    all.forEach(l -> l.gap(appeared, vanished));
  }

  @Override
  public void connected(boolean up) {
    all.forEach(l -> l.connected(up));
  }

  @Override
  public void internalError(HandlingStep step) {
    all.forEach(l -> l.internalError(step));
  }
}
