package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;

/** An executor for tests: each kind of action to its own method, which a test overrides. */
abstract class FakeExecutor implements ActionExecutor {

  @Override
  public final Outcome execute(Rule rule, DockerEvent event, Prepared action) {
    return action.fold(
        new Prepared.Cases<>() {
          @Override
          public Outcome command(Prepared.Command command) {
            return run(rule, event, command);
          }

          @Override
          public Outcome request(Prepared.Request request) {
            return send(rule, event, request);
          }

          @Override
          public Outcome message(Prepared.Message message) {
            return publish(rule, event, message);
          }

          @Override
          public Outcome container(Prepared.ContainerCall call) {
            return act(rule, event, call);
          }

          @Override
          public Outcome skipped(Prepared.Skipped skipped) {
            return new Outcome.Skipped(skipped.reason());
          }
        });
  }

  public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
    throw new AssertionError("no command expected: " + command);
  }

  public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
    throw new AssertionError("no webhook expected: " + request);
  }

  public Outcome publish(Rule rule, DockerEvent event, Prepared.Message message) {
    throw new AssertionError("no message expected: " + message);
  }

  public Outcome act(Rule rule, DockerEvent event, Prepared.ContainerCall call) {
    throw new AssertionError("no container action expected: " + call);
  }
}
