package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A container action's decisions, against an engine of the test's making and its clock. */
class ContainerActingTest {

  private static final String SICK = "a".repeat(64);
  private static final String SELF = "b".repeat(64);

  private final Map<String, ContainerState> containers = new HashMap<>();
  private final List<String> done = new ArrayList<>();
  private final List<DockerEvent> told = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private RuntimeException refusal;

  private final ContainerApi engine =
      new ContainerApi() {
        @Override
        public Optional<ContainerState> inspect(String container) {
          return Optional.ofNullable(containers.get(container));
        }

        @Override
        public List<String> labelled(Map<String, String> labels) {
          return List.copyOf(containers.keySet()).stream().sorted().toList();
        }

        @Override
        public OptionalInt act(
            ContainerState container,
            Prepared.ContainerCall call,
            long deadlineNanos,
            OutputLines output) {
          if (refusal != null) {
            throw refusal;
          }
          done.add(call.verb().word() + " " + container.name());
          return OptionalInt.empty();
        }
      };

  private final ContainerActing acting =
      new ContainerActing(
          engine,
          new ContainerLimits(now::get),
          Optional.of(SELF.substring(0, 12)),
          told::add,
          now::get,
          () -> 42L);

  private static Rule rule(String container) throws Exception {
    RuleSet rules =
        RulesLoader.parse(
            "rules.yml",
            "events_reactor:\n  heal:\n    event: {type: container}\n    container: "
                + container
                + "\n");
    return rules.rules().get(0);
  }

  private static DockerEvent unhealthy(String id) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"health_status: unhealthy\",\"Actor\":{\"ID\":\""
            + id
            + "\",\"Attributes\":{\"name\":\"sick\"}},\"time\":1,\"timeNano\":1000000000}");
  }

  private Outcome.Acted act(Rule rule, DockerEvent event) {
    Prepared prepared =
        rule.actions().get(0).prepare(new EventContext(event, ContainerFacts.none("")));
    return (Outcome.Acted) acting.act(rule, event, (Prepared.ContainerCall) prepared);
  }

  private void state(String id, String name, String status, String health) {
    containers.put(id, new ContainerState(id, name, status, Optional.ofNullable(health)));
  }

  @Test
  void restartsThreeTimesThenStopsAndTellsTheRulesItGaveUpWithTheCount() throws Exception {
    Rule rule = rule("{do: restart, limit: {times: 3, per: 10m, then: stop}}");
    state(SICK, "sick", "running", "unhealthy");
    for (int i = 0; i < 3; i++) {
      assertThat(act(rule, unhealthy(SICK)).results().get(0).result())
          .isEqualTo(ContainerResult.Result.DONE);
    }
    Outcome.Acted fourth = act(rule, unhealthy(SICK));

    assertThat(done).containsExactly("restart sick", "restart sick", "restart sick", "stop sick");
    assertThat(fourth.results().get(0).result()).isEqualTo(ContainerResult.Result.GAVE_UP);
    assertThat(fourth.tally().label()).isEqualTo("gave_up");
    assertThat(told).hasSize(1);
    assertThat(told.get(0).type()).isEqualTo("reactor");
    assertThat(told.get(0).action()).isEqualTo("container_gave_up");
    assertThat(told.get(0).actor().attributes())
        .containsEntry("name", "sick")
        .containsEntry("count", "3")
        .containsEntry("rule", "heal")
        .containsEntry("reason", "stopped");
    assertThat(act(rule, unhealthy(SICK)).results().get(0).result())
        .isEqualTo(ContainerResult.Result.HELD);
    assertThat(told).hasSize(1);
  }

  @Test
  void aContainerHealthyAgainWhenReInspectedIsSkippedWithTheReason() throws Exception {
    state(SICK, "sick", "running", "healthy");
    Outcome.Acted outcome = act(rule("{do: restart}"), unhealthy(SICK));

    assertThat(done).isEmpty();
    assertThat(outcome.describe())
        .isEqualTo(
            "container restart sick (aaaaaaaaaaaa): skipped (its health is healthy now, not"
                + " unhealthy as the event said) in 0 ms");
    assertThat(outcome.tally().label()).isEqualTo("no_longer_holds");
  }

  @Test
  void theReactorsOwnContainerIsNeverActedOnEvenInASelectorsStack() throws Exception {
    state(SICK, "web", "running", "unhealthy");
    state(SELF, "reactor", "running", null);
    Outcome.Acted outcome =
        act(rule("{do: restart, labels: {com.docker.compose.project: x}}"), unhealthy(SICK));

    assertThat(done).containsExactly("restart web");
    assertThat(outcome.results())
        .extracting(ContainerResult::detail)
        .contains("it is the reactor's own container");
  }

  @Test
  void aHealedContainerIsToldOnceWhenItReportsHealthyAgain() throws Exception {
    state(SICK, "sick", "running", "unhealthy");
    act(rule("{do: restart}"), unhealthy(SICK));
    DockerEvent healthy =
        EventJson.parse(
            "{\"Type\":\"container\",\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\""
                + SICK
                + "\",\"Attributes\":{\"name\":\"sick\"}},\"time\":2,\"timeNano\":2000000000}");
    acting.received(healthy);
    acting.received(healthy);

    assertThat(told).extracting(DockerEvent::action).containsExactly("container_healed");
  }

  @Test
  void aRefusalIsTheOutcomeAndTellsTheRulesItFailed() throws Exception {
    state(SICK, "sick", "running", "unhealthy");
    refusal = new ContainerApi.Failure("restart sick: the engine answered HTTP 500: boom", false);
    Outcome.Acted outcome = act(rule("{do: restart}"), unhealthy(SICK));

    assertThat(outcome.report()).isEqualTo(Outcome.Report.WARN);
    assertThat(outcome.tally().label()).isEqualTo("failure");
    assertThat(told).extracting(DockerEvent::action).containsExactly("container_failed");
    assertThat(told.get(0).actor().attributes())
        .containsEntry("reason", "restart sick: the engine answered HTTP 500: boom");
  }

  @Test
  void aContainerGoneIsSkipped() throws Exception {
    Outcome.Acted outcome = act(rule("{do: kill, signal: HUP}"), unhealthy(SICK));
    assertThat(outcome.results().get(0).detail()).isEqualTo("it no longer exists");
    assertThat(done).isEmpty();
  }
}
