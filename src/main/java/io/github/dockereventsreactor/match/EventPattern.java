package io.github.dockereventsreactor.match;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import java.util.List;
import java.util.stream.Collectors;

/** A rule's match block: every condition must hold. No condition at all matches every event. */
public record EventPattern(List<Condition> conditions) {

  public static final EventPattern EVERY_EVENT = new EventPattern(List.of());

  public EventPattern {
    conditions = List.copyOf(conditions);
  }

  /** One key of the match block and the test on its value. */
  public record Condition(EventField field, ValueMatcher matcher) {
    boolean holds(DockerEvent event) {
      return matcher.test(field.read(event).orElse(null));
    }
  }

  public boolean matches(DockerEvent event) {
    for (Condition condition : conditions) {
      if (!condition.holds(event)) {
        return false;
      }
    }
    return true;
  }

  /** The conditions this event fails, in order: what {@code explain} shows of a near miss. */
  public List<Condition> unmet(DockerEvent event) {
    return conditions.stream().filter(c -> !c.holds(event)).collect(Collectors.toList());
  }

  public String describe() {
    if (conditions.isEmpty()) {
      return "every event";
    }
    return conditions.stream()
        .map(c -> c.field().name() + "=" + c.matcher().describe())
        .collect(Collectors.joining(" "));
  }
}
