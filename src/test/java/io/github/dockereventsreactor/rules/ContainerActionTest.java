package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The container: action as the rules file says it, and as it is printed. */
class ContainerActionTest {

  private static Action action(String container) throws Exception {
    return RulesLoader.parse(
            "r.yml",
            "events_reactor:\n  heal:\n    event: {type: container}\n    container: "
                + container
                + "\n")
        .rules()
        .get(0)
        .actions()
        .get(0);
  }

  private static Prepared prepare(Action action, String event) throws Exception {
    return action.prepare(new EventContext(EventJson.parse(event), ContainerFacts.none("")));
  }

  private static final String UNHEALTHY =
      "{\"Type\":\"container\",\"Action\":\"health_status: unhealthy\",\"Actor\":{\"ID\":\"abc\","
          + "\"Attributes\":{\"name\":\"web\",\"com.docker.compose.project\":\"shop\"}},"
          + "\"time\":1,\"timeNano\":1000000000}";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{do: restart, stop_timeout: 10s, limit: {times: 3, per: 10m, then: stop}}"
            + "|container restart (stop timeout 10s) on the event's container, at most 3 per"
            + " 10m then stop",
        "{do: kill, signal: sighup, target: relay}|container kill HUP on container \"relay\"",
        "{do: exec, command: [sh, -c, 'kill -HUP 1'], user: root}"
            + "|container exec [\"sh\" \"-c\" \"kill -HUP 1\"] as \"root\" on the event's container",
        "{do: restart, labels: {com.docker.compose.project: '%%actor.com.docker.compose.project%%'}}"
            + "|container restart on every container labelled"
            + " com.docker.compose.project=%%actor.com.docker.compose.project%%",
        "{do: pause}|container pause on the event's container"
      })
  void describesTheActionInOneStableLine(String yaml, String printed) throws Exception {
    assertThat(action(yaml).describe()).isEqualTo(printed);
  }

  @Test
  void preparesTheTargetTheTriggerAndTheRenderedSelector() throws Exception {
    Prepared.ContainerCall call =
        (Prepared.ContainerCall)
            prepare(
                action(
                    "{do: restart, labels: {com.docker.compose.project:"
                        + " '%%actor.com.docker.compose.project%%'}}"),
                UNHEALTHY);
    assertThat(call.describe())
        .isEqualTo("container restart on every container labelled com.docker.compose.project=shop");
    assertThat(call.trigger().container()).isEqualTo("abc");
    assertThat(call.trigger().health()).contains("unhealthy");
  }

  @Test
  void aTargetThatIsNotANameIsSkippedNotSentIntoTheApisPath() throws Exception {
    Prepared prepared = prepare(action("{do: stop, target: '%%actor.name%%/../../x'}"), UNHEALTHY);
    assertThat(prepared)
        .isEqualTo(new Prepared.Skipped("target: \"web/../../x\" is not a container ID or name"));
  }

  @Test
  void anEventWithoutAContainerNeedsATarget() throws Exception {
    Prepared prepared =
        prepare(
            action("{do: restart}"),
            "{\"Type\":\"image\",\"Action\":\"pull\",\"Actor\":{\"ID\":\"busybox\"},\"time\":1}");
    assertThat(prepared)
        .isEqualTo(
            new Prepared.Skipped(
                "a image event has no container: say which with target: or labels:"));
  }

  @Test
  void everyMistakeIsReportedWithItsPosition() {
    assertThatThrownBy(
            () ->
                RulesLoader.parse(
                    "r.yml",
                    """
                    events_reactor:
                      a:
                        container: {do: reboot}
                      b:
                        container: {do: restart, signal: HUP}
                      c:
                        container: {do: exec}
                      d:
                        container: {do: kill, signal: HUPP, target: x, labels: {a: b}}
                      e:
                        container: {do: stop, limit: {times: 3}, stop_timeout: 1500ms}
                    """))
        .hasMessageContainingAll(
            "r.yml:3:21: rule \"a\": container do: expected one of restart, stop, start, kill,"
                + " pause, unpause, exec, found \"reboot\"",
            "r.yml:5:38: rule \"b\": container signal: not with do: restart",
            "r.yml:7:16: rule \"c\": container do: exec needs a command: (the argv run inside)",
            "r.yml:9:35: rule \"d\": signal: \"HUPP\" is not a signal (HUP, TERM, USR1, 9, …)",
            "r.yml:9:60: rule \"d\": container: target or labels, not both",
            "r.yml:11:34: rule \"e\": limit: needs times: and per:, as {times: 3, per: 10m}",
            "r.yml:11:60: rule \"e\": stop_timeout: the engine takes whole seconds, as 10s");
  }
}
