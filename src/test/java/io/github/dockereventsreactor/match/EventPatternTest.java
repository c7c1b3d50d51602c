package io.github.dockereventsreactor.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventField;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.match.EventPattern.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPatternTest {

  private static final String HEALTH =
      "{\"Type\":\"container\",\"Action\":\"health_status: unhealthy\",\"scope\":\"local\","
          + "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"sentry_web\",\"exitCode\":\"0\","
          + "\"com.docker.compose.service\":\"web\"}}}";

  private static Condition exact(String field, String value) {
    return new Condition(EventField.named(field).orElseThrow(), new ValueMatcher.Exact(value));
  }

  private static Condition action(String verb) {
    return new Condition(
        EventField.named("action").orElseThrow(), new ValueMatcher.ActionWithDetail(verb));
  }

  private static Condition anyOf(String field, String... values) {
    List<ValueMatcher> alternatives = new ArrayList<>();
    for (String v : values) {
      alternatives.add(new ValueMatcher.Exact(v));
    }
    return new Condition(
        EventField.named(field).orElseThrow(), new ValueMatcher.AnyOf(alternatives));
  }

  @ParameterizedTest(name = "{0}={1} matches: {2}")
  @CsvSource({
    "type, container, true",
    "type, image, false",
    "scope, local, true",
    "scope, swarm, false",
    "actor.id, abc, true",
    "actor.id, abcd, false",
    "actor.name, sentry_web, true",
    "actor.name, sentry, false",
    "actor.exitCode, 0, true",
    "actor.com.docker.compose.service, web, true",
    "actor.signal, 9, false",
    "action, 'health_status: unhealthy', true",
    "action, 'health_status: healthy', false",
  })
  void exactValues(String field, String value, boolean matches) throws Exception {
    EventPattern pattern = new EventPattern(List.of(exact(field, value)));

    assertThat(pattern.matches(EventJson.parse(HEALTH))).isEqualTo(matches);
  }

  @ParameterizedTest(name = "action {0} matches {1}: {2}")
  @CsvSource({
    "health_status, 'health_status: unhealthy', true",
    "health_status, health_status, true",
    "health, 'health_status: unhealthy', false",
    "exec_start, 'exec_start: /bin/sh -c true', true",
    "exec_start, exec_create: /bin/sh -c true, false",
    "start, restart, false",
    "start, start, true",
  })
  void actionWithoutColonAlsoMatchesItsDetailedForms(String verb, String action, boolean matches)
      throws Exception {
    DockerEvent event = EventJson.parse("{\"Type\":\"container\",\"Action\":\"" + action + "\"}");

    assertThat(new EventPattern(List.of(action(verb))).matches(event)).isEqualTo(matches);
  }

  @Test
  void aListMatchesAnyOfItsValues() throws Exception {
    DockerEvent event = EventJson.parse(HEALTH);

    assertThat(new EventPattern(List.of(anyOf("actor.name", "a", "sentry_web"))).matches(event))
        .isTrue();
    assertThat(new EventPattern(List.of(anyOf("actor.name", "a", "b"))).matches(event)).isFalse();
  }

  @Test
  void everyConditionMustHold() throws Exception {
    DockerEvent event = EventJson.parse(HEALTH);

    assertThat(
            new EventPattern(List.of(exact("type", "container"), exact("actor.name", "sentry_web")))
                .matches(event))
        .isTrue();
    assertThat(
            new EventPattern(List.of(exact("type", "container"), exact("actor.name", "other")))
                .matches(event))
        .isFalse();
  }

  /**
   * The catch-all is the pattern without conditions, so it cannot be told apart by what it matches
   * alone: it must be that pattern, and match even what no fixture has (an unknown type, no actor).
   */
  @Test
  void theCatchAllIsThePatternWithoutConditionsAndMatchesEveryEvent() throws Exception {
    assertThat(EventPattern.EVERY_EVENT.conditions()).isEmpty();
    Set<String> types = new TreeSet<>();
    for (String line :
        Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"))) {
      DockerEvent event = EventJson.parse(line);
      assertThat(EventPattern.EVERY_EVENT.matches(event)).isTrue();
      types.add(event.type());
    }
    assertThat(types).containsExactly("container", "image", "network", "volume");
    assertThat(
            EventPattern.EVERY_EVENT.matches(
                EventJson.parse("{\"Type\":\"frob\",\"Action\":\"x\"}")))
        .isTrue();
  }

  @Test
  void eachRecordedTypeMatchesOnlyItsOwnTypeRule() throws Exception {
    for (String line :
        Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"))) {
      DockerEvent event = EventJson.parse(line);
      for (String type : List.of("container", "image", "network", "volume")) {
        assertThat(new EventPattern(List.of(exact("type", type))).matches(event))
            .as("%s against type %s", line, type)
            .isEqualTo(event.type().equals(type));
      }
    }
  }

  @Test
  void describesItselfAsTheFileWritesIt() {
    assertThat(
            new EventPattern(List.of(exact("type", "container"), anyOf("actor.name", "a", "b")))
                .describe())
        .isEqualTo("type=container actor.name=[a, b]");
    assertThat(EventPattern.EVERY_EVENT.describe()).isEqualTo("every event");
  }
}
