package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One readable line per event, for a daemon without rules: {@code container start web-1
 * (4e18ca9bb9f9) image=nginx}.
 */
public final class EventLog implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger("events");

  /** The attributes worth a glance; the rest (labels above all) is for explain. */
  private static final List<String> SHOWN = List.of("image", "exitCode", "signal", "container");

  @Override
  public void received(DockerEvent event) {
    StringBuilder line = new StringBuilder(event.describe());
    for (String key : SHOWN) {
      event
          .actor()
          .attribute(key)
          .ifPresent(v -> line.append(' ').append(key).append('=').append(shortId(v)));
    }
    LOG.atInfo()
        .addKeyValue("event_type", event.type())
        .addKeyValue("event_action", event.action())
        .addKeyValue("actor_id", event.actor().id())
        .log("{}", line);
  }

  private static String shortId(String value) {
    return value.matches("[0-9a-f]{64}") ? value.substring(0, 12) : value;
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // No rules.
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    // No rules.
  }
}
