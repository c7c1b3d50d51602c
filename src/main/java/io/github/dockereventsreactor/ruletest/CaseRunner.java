package io.github.dockereventsreactor.ruletest;

import io.github.dockereventsreactor.core.EventTime;
import io.github.dockereventsreactor.core.Reactor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EngineDialect;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a case as {@code replay} runs recorded events: the rules' own reactors, their lanes,
 * debounce, throttle and batches on a clock that moves to each event's time, and nothing executed;
 * then compares what each rule did with what the case expects.
 */
final class CaseRunner {

  private final List<RuleSet> rules;

  CaseRunner(List<RuleSet> rules) {
    this.rules = List.copyOf(rules);
  }

  CaseResult run(RuleTest.Case testCase) {
    long began = System.nanoTime();
    Map<String, List<Happening>> actual = happenings(testCase);
    List<String> failure = new ArrayList<>();
    Set<String> known = new LinkedHashSet<>();
    rules.forEach(set -> set.rules().stream().map(Rule::name).forEach(known::add));
    Map<String, List<RuleTest.Expected>> expected = new LinkedHashMap<>();
    for (RuleTest.Expected e : testCase.expected()) {
      if (!known.contains(e.rule())) {
        failure.add("no rule \"" + e.rule() + "\" in the rules under test (line " + e.line() + ")");
      }
      expected.computeIfAbsent(e.rule(), r -> new ArrayList<>()).add(e);
    }
    Set<String> compared = new LinkedHashSet<>(known);
    compared.addAll(expected.keySet());
    for (String rule : compared) {
      boolean listed = testCase.only().isEmpty() || testCase.only().contains(rule);
      if (!listed && !expected.containsKey(rule)) {
        continue;
      }
      List<String> diff =
          Comparison.diff(
              expected.getOrDefault(rule, List.of()), actual.getOrDefault(rule, List.of()));
      if (!diff.isEmpty()) {
        failure.add("rule \"" + rule + "\" (- expected, + actual):");
        diff.forEach(line -> failure.add("  " + line));
      }
    }
    return new CaseResult(testCase.name(), testCase.line(), failure, System.nanoTime() - began);
  }

  private Map<String, List<Happening>> happenings(RuleTest.Case testCase) {
    List<DockerEvent> events = new ArrayList<>();
    for (RuleTest.TimedEvent timed : testCase.events()) {
      try {
        events.add(EventJson.parse(timed.json()));
      } catch (MalformedEventException e) {
        // The reader parsed each one already.
        throw new IllegalStateException(timed.source() + ": " + e.getMessage(), e);
      }
    }
    // An event's number: by the very event handed to a reactor, else by what survives a lane's
    // copy of it (marked killed).
    IdentityHashMap<DockerEvent, Integer> handed = new IdentityHashMap<>();
    Map<String, Integer> numbers = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      numbers.putIfAbsent(identity(events.get(i)), i + 1);
    }
    EventTime time = new EventTime();
    CaseFacts facts = new CaseFacts(testCase.inspect(), testCase.host());
    Recorder recorder =
        new Recorder(
            time,
            events.get(0).timeNano(),
            event -> {
              Integer number = handed.get(event);
              return number != null ? number : numbers.getOrDefault(identity(event), 0);
            },
            facts);
    List<Reactor> reactors = new ArrayList<>();
    List<Boolean> legacy = new ArrayList<>();
    for (RuleSet set : rules) {
      reactors.add(
          Reactor.onEventTime(set.forEngine(facts.engineName()), facts, recorder, recorder, time));
      legacy.add(set.settings().engine().legacyPayloadFields());
    }
    for (int i = 0; i < events.size(); i++) {
      DockerEvent event = events.get(i);
      time.advanceTo(event.timeNano());
      for (int r = 0; r < reactors.size(); r++) {
        DockerEvent toRules = EngineDialect.DOCKER.toRules(event, legacy.get(r));
        handed.put(toRules, i + 1);
        reactors.get(r).accept(toRules);
      }
    }
    time.end();
    for (Reactor reactor : reactors) {
      try {
        reactor.stop(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return recorder.byRule();
  }

  private static String identity(DockerEvent event) {
    return event.timeNano() + " " + event.type() + " " + event.action() + " " + event.actor().id();
  }
}
