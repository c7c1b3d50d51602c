package io.github.dockereventsreactor.systemd;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;

/**
 * Tells systemd what the event stream does: a status line a person can read when it connects, goes
 * down or comes back. Readiness is not its business: the daemon is ready once its readers run.
 */
public final class NotifyListener implements ReactorListener {

  private final Notify notify;
  private final String engine;

  /** {@code engine}: the engine's address. */
  public NotifyListener(Notify notify, String engine) {
    this.notify = notify;
    this.engine = engine;
  }

  @Override
  public void connected(boolean up) {
    if (up) {
      notify.status("connected to " + engine);
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
