package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.core.ActionExecutor;
import io.github.dockereventsreactor.core.EventTime;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code replay} prints, as the executor of a reactor on event time and its listener: each
 * action the lanes hand over (then, with {@code --execute}, runs it), each event a rule's gate held
 * (debounced, throttled) or could not key, and each match of a rule that only counts. A line that
 * runs later than its event's own time (after a debounce's quiet period, a batch's linger) says
 * when, on the events' time.
 */
final class ReplayPrinter implements ActionExecutor, ReactorListener {

  /**
   * Built on the first {@code --format json} line: a mapper is costly to start, text needs none.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final PrintWriter out;
  private final boolean json;
  private final EventTime time;
  private final Optional<ActionExecutor> execute;
  // The outcome this executor returned last: the lane reports it next, and it is printed already.
  private @Nullable Outcome handedBack;

  /** {@code execute}: what runs the actions for real, or empty to only print them. */
  ReplayPrinter(PrintWriter out, boolean json, EventTime time, Optional<ActionExecutor> execute) {
    this.out = out;
    this.json = json;
    this.time = time;
    this.execute = execute;
  }

  @Override
  public Outcome execute(Rule rule, DockerEvent event, Prepared action) {
    if (json) {
      ObjectNode line = line(rule, event);
      PreparedView.json(action, line);
      out.println(line);
    } else {
      out.println(head(rule, event) + PreparedView.text(action) + when(rule, event));
    }
    if (execute.isPresent()) {
      // Before the command's own output.
      out.flush();
      handedBack = execute.get().execute(rule, event, action);
    } else {
      handedBack = new Outcome.Skipped("not run: a replay without --execute");
    }
    return handedBack;
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    if (outcome == handedBack) {
      handedBack = null;
      return;
    }
    // Held before the executor: by the gate, a missing key, a failed rendering.
    if (json) {
      out.println(line(rule, event).put("skipped", outcome.describe()));
    } else {
      out.println(head(rule, event) + outcome.describe() + when(rule, event));
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    if (rule.actions().isEmpty()) {
      out.println(json ? line(rule, event).toString() : head(rule, event) + "counts");
    }
  }

  private static String head(Rule rule, DockerEvent event) {
    return event.describe()
        + (event.killed() ? " (killed)" : "")
        + ": rule \""
        + rule.name()
        + "\" ";
  }

  /**
   * When, on the events' time, this happens, if a timer or a batch (shown by its first event) made
   * it later than the event itself; an event stamped before the one handled last is otherwise
   * handled at once, as run would.
   */
  private String when(Rule rule, DockerEvent event) {
    if (!late(rule, event)) {
      return "";
    }
    long late = time.nanoTime() - event.timeNano();
    return " (at +" + millis(late) + (time.ended() ? ", after the end of the input" : "") + ")";
  }

  /** A delay in milliseconds, to the microsecond: events are stamped to the nanosecond. */
  static String millis(long nanos) {
    return BigDecimal.valueOf(nanos, 6)
            .setScale(3, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "ms";
  }

  private boolean late(Rule rule, DockerEvent event) {
    return (time.firing() || rule.options().batch().isPresent())
        && time.nanoTime() > event.timeNano();
  }

  private ObjectNode line(Rule rule, DockerEvent event) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("rule", rule.name());
    try {
      line.set("event", Json.MAPPER.readTree(event.json()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (late(rule, event)) {
      line.put("at", time.nanoTime());
      if (time.ended()) {
        line.put("after_end_of_input", true);
      }
    }
    return line;
  }
}
