package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.template.Template;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One named rule: the events it wants, the command it runs for each (none when the rule only
 * counts), and its own metric.
 */
public record Rule(
    String name,
    EventPattern pattern,
    List<Template> run,
    RuleOptions options,
    Optional<RuleMetric> metric) {

  public Rule {
    run = List.copyOf(run);
  }

  /** One line for {@code check}: name, what it matches, its command. */
  public String describe() {
    return name
        + ": on "
        + pattern.describe()
        + (run.isEmpty()
            ? ""
            : " run " + run.stream().map(t -> quote(t.source())).collect(Collectors.joining(" ", "[", "]")))
        + metric.map(m -> " count " + m.name()).orElse("")
        + (options.equals(RuleOptions.DEFAULTS) ? "" : " " + describe(options));
  }

  private static String describe(RuleOptions o) {
    return "(timeout "
        + o.timeout().toMillis()
        + "ms, concurrency "
        + o.concurrency()
        + ", queue "
        + o.queue()
        + " "
        + o.overflow().text()
        + (o.reconcile() ? ", reconcile" : "")
        + ")";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
