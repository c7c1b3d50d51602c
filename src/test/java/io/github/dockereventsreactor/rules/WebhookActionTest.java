package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a webhook rule sends: its method as written, and the event's id as {@code Idempotency-Key}
 * so a receiver can drop the copy an at-least-once delivery sends again, unless the rule names that
 * header itself or the request carries a batch, which no single id stands for.
 */
class WebhookActionTest {

  private static final String EVENT =
      "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\"},"
          + "\"time\":1,\"timeNano\":1000000000}";

  /** SHA-256 of the engine's id and the event's identity, as EventDigest makes it. */
  private static final String EVENT_ID = "53709f156682e94daaaa3b7146245411";

  private static Rule rule(String webhook) throws Exception {
    return RulesLoader.parse(
            "r.yml",
            "events_reactor:\n  r:\n    webhook:\n      url: 'http://127.0.0.1:9/hook'\n" + webhook)
        .rules()
        .get(0);
  }

  private static Prepared.Request prepare(String webhook, EventContext context) throws Exception {
    return (Prepared.Request) rule(webhook).actions().get(0).prepare(context);
  }

  private static EventContext one() throws Exception {
    return new EventContext(EventJson.parse(EVENT), PublishTest.ENGINE);
  }

  @Test
  void aWebhookCarriesTheEventsIdAsItsIdempotencyKey() throws Exception {
    assertThat(prepare("", one()).headers()).containsEntry("Idempotency-Key", EVENT_ID);
  }

  @Test
  void aRuleThatSetsTheHeaderInAnyCaseKeepsItsOwnValueAndGetsNoSecond() throws Exception {
    assertThat(prepare("      headers: {idempotency-KEY: 'k-%%actor.id%%'}\n", one()).headers())
        .containsExactlyEntriesOf(java.util.Map.of("idempotency-KEY", "k-c0ffee"));
  }

  @Test
  void aBatchCarriesNoIdempotencyKey() throws Exception {
    Rule rule =
        RulesLoader.parse(
                "r.yml",
                """
                events_reactor:
                  r:
                    batch: 10
                    webhook:
                      url: 'http://127.0.0.1:9/hook'
                """)
            .rules()
            .get(0);
    DockerEvent event = EventJson.parse(EVENT);
    EventContext batch =
        EventContext.batch(
            List.of(
                new EventContext(event, PublishTest.ENGINE),
                new EventContext(event, PublishTest.ENGINE)));
    assertThat(((Prepared.Request) rule.actions().get(0).prepare(batch)).headers())
        .doesNotContainKey("Idempotency-Key");
  }

  @Test
  void withoutTheEnginesIdTheRequestGoesWithoutAKey() throws Exception {
    EventContext context =
        new EventContext(EventJson.parse(EVENT), ContainerFacts.none("no engine"));
    assertThat(prepare("", context).headers()).doesNotContainKey("Idempotency-Key");
  }

  @Test
  void theMethodIsTheOneWrittenAndPostWithoutOne() throws Exception {
    assertThat(prepare("      method: PUT\n", one()).method()).isEqualTo("PUT");
    assertThat(prepare("      method: DELETE\n", one()).method()).isEqualTo("DELETE");
    assertThat(prepare("", one()).method()).isEqualTo("POST");
    assertThat(rule("      method: PATCH\n").actions().get(0).describe())
        .isEqualTo("webhook PATCH http://127.0.0.1:9/hook");
  }
}
