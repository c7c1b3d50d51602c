package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code check} accepts only the rule metrics {@code run} can register. */
class RuleMetricNamePropertyTest {

  @Property(tries = 150)
  void everyMetricNameTheLoaderAcceptsRegisters(
      @ForAll("names") String first, @ForAll("names") String second) {
    RuleSet rules;
    try {
      rules =
          RulesLoader.parse(
              "r.yml",
              "events_reactor:\n"
                  + "  a:\n    metric: {name: '"
                  + first
                  + "'}\n"
                  + "  b:\n    metric: {name: '"
                  + second
                  + "'}\n");
    } catch (InvalidRulesException e) {
      return;
    }
    new ReactorMetrics(
            rules.settings().metrics(), id -> Optional.empty(), ReactorMetrics.Queues.NONE, "test")
        .rules(rules);
  }

  /** Names near the reactor's own and Prometheus' reserved suffixes, with and without _total. */
  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> stem =
        Arbitraries.of(
            "docker_events",
            "docker_exec_events",
            "docker_events_last_timestamp_seconds",
            "reactor_",
            "reactor_build",
            "reactor_events_received",
            "jvm_",
            "jvm_threads_current",
            "process_",
            "process_cpu_seconds",
            "x",
            "x:y",
            "starts",
            "_",
            ":");
    Arbitrary<String> suffix =
        Arbitraries.of("", "_total", "_created", "_bucket", "_info", "_count", "_sum", "s", "_x");
    return Combinators.combine(stem, suffix).as((s, t) -> s + t);
  }
}
