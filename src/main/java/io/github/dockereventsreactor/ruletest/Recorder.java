package io.github.dockereventsreactor.ruletest;

import io.github.dockereventsreactor.core.ActionExecutor;
import io.github.dockereventsreactor.core.EventTime;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleMetric;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Template;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The executor and listener of a case's reactors: records what each rule would do, in order, and
 * runs nothing. What the lanes hand over is recorded as rendered; what a gate held (debounced,
 * throttled) or a missing value skipped, as that.
 */
final class Recorder implements ActionExecutor, ReactorListener {

  private final EventTime time;
  private final long start;
  private final ToIntFunction<DockerEvent> numbers;
  private final ContainerFacts facts;
  private final Map<String, List<Happening>> byRule = new LinkedHashMap<>();
  private final IdentityHashMap<Rule, List<DockerEvent>> batches = new IdentityHashMap<>();
  // The outcome this executor returned last: the lane reports it next, and it is recorded already.
  private @Nullable Outcome handedBack;

  /** {@code numbers}: an event's number in the case, from 1; {@code start}: the case's start. */
  Recorder(EventTime time, long start, ToIntFunction<DockerEvent> numbers, ContainerFacts facts) {
    this.time = time;
    this.start = start;
    this.numbers = numbers;
    this.facts = facts;
  }

  /** What each rule did, by rule name, each rule's in order. */
  Map<String, List<Happening>> byRule() {
    return byRule;
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    rule.metric().ifPresent(metric -> add(rule, List.of(event), "metric", counted(metric, event)));
  }

  @Override
  public void batched(Rule rule, List<DockerEvent> events) {
    batches.put(rule, List.copyOf(events));
  }

  @Override
  public Outcome execute(Rule rule, DockerEvent event, Prepared action) {
    List<DockerEvent> events = batches.getOrDefault(rule, List.of(event));
    batches.remove(rule);
    Map<String, String> fields = head(events);
    action.fold(
        new Prepared.Cases<Void>() {
          @Override
          public Void command(Prepared.Command command) {
            fields.put("run", Canonical.strings(command.argv()));
            fields.put("env", Canonical.map(command.env()));
            command.cwd().ifPresent(cwd -> fields.put("cwd", cwd));
            fields.put("stdin", command.stdin().map(Canonical::body).orElse(""));
            return null;
          }

          @Override
          public Void request(Prepared.Request request) {
            fields.put("webhook", "");
            fields.put("method", request.method());
            fields.put("url", request.url());
            new TreeMap<>(request.headers())
                .forEach((name, value) -> fields.put(header(name), value));
            fields.put("body", Canonical.body(request.body()));
            return null;
          }

          @Override
          public Void message(Prepared.Message message) {
            fields.put("nats", "");
            fields.put("subject", message.subject());
            new TreeMap<>(message.headers())
                .forEach((name, value) -> fields.put(header(name), value));
            fields.put("body", Canonical.body(message.body()));
            return null;
          }

          @Override
          public Void container(Prepared.ContainerCall call) {
            fields.put("container", call.describe());
            return null;
          }

          @Override
          public Void skipped(Prepared.Skipped skipped) {
            fields.put("skipped", skipped.reason());
            return null;
          }
        });
    byRule
        .computeIfAbsent(rule.name(), r -> new ArrayList<>())
        .add(new Happening(rule.name(), fields));
    handedBack = new Outcome.Skipped("not run: a test");
    return handedBack;
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    if (outcome == handedBack) {
      handedBack = null;
      return;
    }
    List<DockerEvent> events = List.of(event);
    if (outcome instanceof Outcome.Debounced) {
      add(rule, events, "debounced", "true");
    } else if (outcome instanceof Outcome.Throttled) {
      add(rule, events, "throttled", "true");
    } else if (outcome instanceof Outcome.Skipped skipped) {
      add(rule, events, "skipped", skipped.reason());
    } else {
      add(rule, events, "outcome", outcome.describe());
    }
  }

  /** A header's field: its name in lower case, as HTTP compares names. */
  static String header(String name) {
    return "header " + name.toLowerCase(java.util.Locale.ROOT);
  }

  private void add(Rule rule, List<DockerEvent> events, String kind, String value) {
    Map<String, String> fields = head(events);
    fields.put(kind, value);
    byRule
        .computeIfAbsent(rule.name(), r -> new ArrayList<>())
        .add(new Happening(rule.name(), fields));
  }

  private Map<String, String> head(List<DockerEvent> events) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(
        Happening.EVENT,
        events.stream()
            .map(e -> Integer.toString(numbers.applyAsInt(e)))
            .collect(Collectors.joining(", ")));
    fields.put(Happening.AT, Canonical.at(time.nanoTime() - start));
    return fields;
  }

  /** The counter and the labels this event gives it, as the metrics would count it. */
  private String counted(RuleMetric metric, DockerEvent event) {
    EventContext context = new EventContext(event, facts);
    StringBuilder text = new StringBuilder(metric.name());
    if (!metric.labels().isEmpty()) {
      text.append('{');
      String separator = "";
      for (Map.Entry<String, Template> label : metric.labels().entrySet()) {
        text.append(separator)
            .append(label.getKey())
            .append("=\"")
            .append(label.getValue().render(context).orElse(""))
            .append('"');
        separator = ",";
      }
      text.append('}');
    }
    return text.toString();
  }
}
