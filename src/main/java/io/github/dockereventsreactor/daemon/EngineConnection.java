package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.Optional;

/** Whether one engine's event stream is connected, for the daemon's {@code health} answer. */
public final class EngineConnection implements ReactorListener {

  private final String engine;
  private volatile boolean up;
  private volatile boolean everUp;

  /** {@code engine}: its address (or name among several), as the answer names it. */
  public EngineConnection(String engine) {
    this.engine = engine;
  }

  @Override
  public void connected(boolean isUp) {
    everUp |= isUp;
    up = isUp;
  }

  /** Why the stream is not connected; empty when it is. */
  public Optional<String> notConnected() {
    if (up) {
      return Optional.empty();
    }
    return Optional.of(
        everUp
            ? "the event stream from " + engine + " is disconnected; reconnecting"
            : "not yet connected to " + engine + "; retrying");
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // Only the connection matters here.
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    // As above.
  }
}
