package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.template.EventContext;
import org.junit.jupiter.api.Test;

/**
 * A label's value in a header: what the header cannot carry (the JDK's HTTP client refuses beyond
 * Latin-1 and control characters, jnats all but ASCII) is a skip with its reason, not a delivery
 * that fails at every retry and counts as undelivered.
 */
class HeaderCarrierTest {

  private static Prepared prepare(String action, String name) throws Exception {
    Rule rule =
        RulesLoader.parse(
                "r.yml",
                "reactor:\n  nats: {servers: ['nats://127.0.0.1:4222']}\n"
                    + "events_reactor:\n  r:\n"
                    + action
                    + "\n      headers: {X-Name: '%%actor.name%%'}\n")
            .rules()
            .get(0);
    String json =
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
            + "\"Attributes\":{\"name\":\""
            + name
            + "\"}},\"time\":1,\"timeNano\":1000000000}";
    return rule.actions()
        .get(0)
        .prepare(new EventContext(EventJson.parse(json), PublishTest.ENGINE));
  }

  private static final String WEBHOOK = "    webhook:\n      url: 'http://127.0.0.1:9/hook'";
  private static final String NATS = "    nats:\n      subject: docker.events";

  @Test
  void aWebhookCarriesLatin1AndATabButSkipsAnEmojiOrAControlCharacter() throws Exception {
    assertThat(((Prepared.Request) prepare(WEBHOOK, "café\\tbar")).headers())
        .containsEntry("X-Name", "café\tbar");
    assertThat(prepare(WEBHOOK, "whale \uD83D\uDC33"))
        .isEqualTo(
            new Prepared.Skipped(
                "header X-Name: the value holds U+1F433, which an HTTP header cannot carry"));
    assertThat(prepare(WEBHOOK, "bell\\u0007"))
        .isEqualTo(
            new Prepared.Skipped(
                "header X-Name: the value holds U+0007, which an HTTP header cannot carry"));
  }

  @Test
  void aNatsHeaderCarriesAsciiOnly() throws Exception {
    assertThat(((Prepared.Message) prepare(NATS, "web-1\\tx")).headers())
        .containsEntry("X-Name", "web-1\tx");
    assertThat(prepare(NATS, "café"))
        .isEqualTo(
            new Prepared.Skipped(
                "header X-Name: the value holds U+00E9, which a NATS header cannot carry"));
  }

  @Test
  void aLineBreakKeepsItsOwnReason() throws Exception {
    assertThat(prepare(NATS, "a\\r\\nX-Admin: 1"))
        .isEqualTo(
            new Prepared.Skipped(
                "header X-Name: the value holds a line break (CR or LF), which would end the"
                    + " header and could add others"));
  }
}
