package io.github.dockereventsreactor.systemd;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;

/**
 * Tells systemd what the event stream does: ready once it is connected (the rules are loaded before
 * the stream opens), and a status line a person can read when it goes down or comes back.
 */
public final class NotifyListener implements ReactorListener {

  private final Notify notify;
  private final String engine;

  /**
   * Starts with the status "N rules loaded, connecting to ENGINE": the rules are loaded when the
   * listener is made, and the stream comes after. {@code engine}: the engine's address.
   */
  public NotifyListener(Notify notify, String engine, int rules) {
    this.notify = notify;
    this.engine = engine;
    notify.status(rules + " rules loaded, connecting to " + engine);
  }

  @Override
  public void connected(boolean up) {
    if (up) {
      notify.ready("connected to " + engine);
    } else {
      notify.status("engine unreachable at " + engine + ", retrying");
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // As above.
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    // As above.
  }
}
