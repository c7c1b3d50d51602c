package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.util.Optional;

/**
 * One event handed to the lanes of the rules it matched, held once however many of them queue it.
 * While hot it keeps the parsed event (and its context, whose container facts every rule shares);
 * once it waits behind a busy lane it is {@link #compact compacted} to the engine's raw JSON (which
 * {@code %%payload%%} needs anyway) and the few fields the JSON does not say, and parsed again when
 * a rule's action runs. The parsed attributes, their map and strings are most of a parsed event's
 * heap; parsing again costs little beside a command's spawn.
 *
 * <p>Compacting is never on the path of an event that runs at once: a reader that parses, matches
 * and renders as fast as it can pays nothing for it.
 */
final class QueuedEvent {

  private static final byte SYNTHETIC = 1;
  private static final byte KILLED = 2;

  private final String json;
  // Docker's action when the engine's dialect renamed it; null: the engine's own, in the JSON.
  private final String action;
  private final byte flags;
  private final Progress.Ticket ticket;
  // Null once compacted: the hot copy, shared by the rules that take the event at once.
  private volatile EventContext hot;
  // While the reader hands the event to its rules, none compacts it: the next would parse it again.
  private boolean offering = true;
  private boolean waits;

  QueuedEvent(EventContext context, Progress.Ticket ticket) {
    DockerEvent event = context.event();
    this.json = event.json();
    this.action = event.action().equals(event.engineAction()) ? null : event.action();
    this.flags = (byte) ((event.synthetic() ? SYNTHETIC : 0) | (event.killed() ? KILLED : 0));
    this.ticket = ticket;
    this.hot = context;
  }

  Progress.Ticket ticket() {
    return ticket;
  }

  /** The raw JSON, as the engine sent it: what the queue's byte accounting is based on. */
  String json() {
    return json;
  }

  /**
   * A rule queued the event behind others: once every rule has been offered it, only its JSON stays
   * (and its ticket's lean identity) until an action needs it.
   */
  synchronized void waits(Progress progress) {
    if (offering) {
      waits = true;
    } else {
      compact(progress);
    }
  }

  /** Every rule that matched has been offered the event. */
  synchronized void offered(Progress progress) {
    offering = false;
    if (waits) {
      compact(progress);
    }
  }

  private void compact(Progress progress) {
    if (hot != null) {
      hot = null;
      progress.compact(ticket);
    }
  }

  /**
   * The event and its context: the hot copy, or one parsed again from the JSON (each rule that runs
   * a compacted event parses its own; the facts cache answers the second inspect). Empty if the
   * JSON no longer parses, which only an event built elsewhere than the parser could do.
   */
  Optional<EventContext> context(ContainerFacts facts) {
    EventContext context = hot;
    if (context != null) {
      return Optional.of(context);
    }
    try {
      DockerEvent parsed = EventJson.parse(json);
      DockerEvent event =
          new DockerEvent(
              parsed.type(),
              action == null ? parsed.action() : action,
              parsed.scope(),
              parsed.time(),
              parsed.timeNano(),
              parsed.actor(),
              json,
              (flags & SYNTHETIC) != 0,
              (flags & KILLED) != 0,
              parsed.action());
      return Optional.of(new EventContext(event, facts));
    } catch (MalformedEventException e) {
      return Optional.empty();
    }
  }
}
