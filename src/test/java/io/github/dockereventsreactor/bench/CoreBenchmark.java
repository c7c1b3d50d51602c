package io.github.dockereventsreactor.bench;

import io.github.dockereventsreactor.core.RuleMatcher;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The core's cost per event: parse the JSON line, match it against N rules, render the argv of
 * every rule that matched. The events are the ones recorded from a real engine, cycled; the rules
 * are a realistic mix (specific rules on types, actions and names, one rule on every container
 * event), so most rules do not match most events. Run by {@code bench/run}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreBenchmark {

  private static final String[] TYPES = {"container", "network", "volume", "image"};
  private static final String[] ACTIONS = {"start", "die", "create", "destroy", "connect", "tag"};
  private static final ContainerFacts NO_ENGINE = ContainerFacts.none("no engine in the benchmark");

  @Param({"1", "10", "100", "1000"})
  public int rules;

  private String[] lines;
  private RuleMatcher matcher;
  private int next;

  @Setup
  public void setUp() throws Exception {
    lines =
        Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"))
            .toArray(String[]::new);
    StringBuilder yaml = new StringBuilder("events_reactor:\n");
    yaml.append("  every container event:\n    event: {type: container}\n")
        .append(
            "    run: [notify, 'Docker container %%actor.name%%: %%action%%', '%%timeNano%%']\n");
    for (int i = 1; i < rules; i++) {
      yaml.append("  rule ")
          .append(i)
          .append(":\n")
          .append("    event: {type: ")
          .append(TYPES[i % TYPES.length])
          .append(", action: ")
          .append(ACTIONS[i % ACTIONS.length])
          .append(", actor: {name: service-")
          .append(i)
          .append("}}\n")
          .append("    run: [handler, '%%actor.id%%', '%%action%%']\n");
    }
    matcher = new RuleMatcher(RulesLoader.parse("bench.yml", yaml.toString()).rules());
  }

  @Benchmark
  public void parseMatchRender(Blackhole sink) throws Exception {
    DockerEvent event = EventJson.parse(lines[next]);
    next = (next + 1) % lines.length;
    List<Rule> matched = matcher.matching(event);
    if (!matched.isEmpty()) {
      EventContext context = new EventContext(event, NO_ENGINE);
      for (Rule rule : matched) {
        for (Action action : rule.actions()) {
          sink.consume(action.prepare(context));
        }
      }
    }
  }
}
