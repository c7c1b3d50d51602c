package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rule index and stop:, which the daemon and replay both match through. */
class RuleMatcherTest {

  private static RuleMatcher matcher(String rules) throws Exception {
    return new RuleMatcher(RulesLoader.parse("r.yml", "events_reactor:\n" + rules).rules());
  }

  private static DockerEvent event(String type, String action) throws Exception {
    return EventJson.parse(
        "{\"Type\":\""
            + type
            + "\",\"Action\":\""
            + action
            + "\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"name\":\"web\"}},\"time\":1,"
            + "\"timeNano\":1000000000}");
  }

  private static List<String> names(List<Rule> rules) {
    return rules.stream().map(Rule::name).collect(Collectors.toList());
  }

  private static final String RULES =
      """
        starts:
          event: {type: container, action: start}
          run: [a]
        health:
          event: {type: container, action: health_status}
          run: [b]
        globbed:
          event: {type: container, action: {glob: 'exec_*'}}
          run: [c]
        volumes or networks:
          event: {type: [volume, network]}
          run: [d]
        everything:
          run: [e]
      """;

  @Test
  void eachEventReachesTheRulesThatMatchItInFileOrder() throws Exception {
    RuleMatcher matcher = matcher(RULES);

    assertThat(names(matcher.matching(event("container", "start"))))
        .containsExactly("starts", "everything");
    assertThat(names(matcher.matching(event("container", "health_status: unhealthy"))))
        .containsExactly("health", "everything");
    assertThat(names(matcher.matching(event("container", "exec_start: sh -c true"))))
        .containsExactly("globbed", "everything");
    assertThat(names(matcher.matching(event("network", "connect"))))
        .containsExactly("volumes or networks", "everything");
    assertThat(names(matcher.matching(event("container", "stop")))).containsExactly("everything");
  }

  /** The index fills per (type, verb): what one pair cached must not answer for another. */
  @Test
  void theIndexOfOnePairDoesNotAnswerForAnother() throws Exception {
    RuleMatcher matcher = matcher(RULES);
    matcher.matching(event("container", "start"));

    assertThat(names(matcher.matching(event("volume", "start"))))
        .containsExactly("volumes or networks", "everything");
    assertThat(names(matcher.matching(event("container", "die")))).containsExactly("everything");
  }

  @Test
  void aRuleWithoutEventIsTheCatchAllAndMatchesTypesNoOneKnows() throws Exception {
    RuleMatcher matcher = matcher("  everything:\n    run: [e]\n");
    DockerEvent odd = EventJson.parse("{\"Type\":\"frobnicator\",\"Action\":\"x:y\"}");

    assertThat(matcher.rules().get(0).patterns()).containsExactly(EventPattern.EVERY_EVENT);
    assertThat(names(matcher.matching(odd))).containsExactly("everything");
  }

  @Test
  void theFirstMatchingRuleWithStopEndsTheSearch() throws Exception {
    RuleMatcher matcher =
        matcher(
            """
              first:
                event: {type: container}
                run: [a]
              stopper:
                event: {type: container, action: start}
                stop: true
                run: [b]
              after:
                run: [c]
            """);

    assertThat(names(matcher.matching(event("container", "start"))))
        .containsExactly("first", "stopper");
    assertThat(names(matcher.matching(event("container", "die"))))
        .containsExactly("first", "after");
  }
}
