package io.github.dockereventsreactor.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.event.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A container whose labels try to break out of a JSON string. */
  private static EventContext hostile(String note) throws Exception {
    String event =
        "{\"Type\":\"container\",\"Action\":\"start\",\"time\":1700000000,"
            + "\"timeNano\":1700000000000000000,\"Actor\":{\"ID\":\"abc\",\"Attributes\":"
            + JSON.writeValueAsString(java.util.Map.of("name", "web\"1", "note", note))
            + "}}";
    return new EventContext(EventJson.parse(event), ContainerFacts.none("offline"));
  }

  private static String render(String body, EventContext context) throws Exception {
    return JsonBody.escaped(Template.parse(body)).render(context).orElse("<missing>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\", \"channel\": \"#general",
        "\\\", \"channel\": \"#general",
        "line\nbreak\ttab\u0001\u2028",
        "}], \"x\": [{\"",
      })
  void aValueInsideAJsonStringIsThatStringsContentAndAddsNoField(String note) throws Exception {
    String out = render("{\"text\": \"%%actor.name%% %%actor.note%%\", \"n\": 1}", hostile(note));
    JsonNode parsed = JSON.readTree(out);
    assertThat(parsed.size()).isEqualTo(2);
    assertThat(parsed.get("text").asText()).isEqualTo("web\"1 " + note);
  }

  @Test
  void nestedStringsAndArraysAreEscapedToo() throws Exception {
    String out =
        render(
            "{\"blocks\": [{\"text\": {\"type\": \"mrkdwn\", \"text\": \"*%%actor.note%%*\"}}]}",
            hostile("\", \"x\": \""));
    assertThat(JSON.readTree(out).at("/blocks/0/text/text").asText()).isEqualTo("*\", \"x\": \"*");
  }

  @Test
  void aPlaceholderOutsideQuotesIsPlacedAsItIsAndThePayloadStaysJson() throws Exception {
    EventContext context = hostile("x");
    String out = render("{\"event\": %%payload%%, \"name\": \"%%actor.name%%\"}", context);
    JsonNode parsed = JSON.readTree(out);
    assertThat(parsed.at("/event/Actor/Attributes/name").asText()).isEqualTo("web\"1");
    assertThat(parsed.get("name").asText()).isEqualTo("web\"1");
  }

  @Test
  void aBodyThatIsNotJsonIsLeftAsWritten() throws Exception {
    assertThat(render("name=%%actor.name%%&note=\"%%actor.note%%\"", hostile("a\"b")))
        .isEqualTo("name=web\"1&note=\"a\"b\"");
  }

  @Test
  void aBodyThatLooksLikeJsonButIsNotIsNamedWithTheParsersReason() throws Exception {
    assertThat(JsonBody.looksLikeJsonButIsNot(Template.parse("{'text': '%%actor.name%%'}")))
        .hasValueSatisfying(why -> assertThat(why).contains("Unexpected character"));
    assertThat(JsonBody.looksLikeJsonButIsNot(Template.parse("{\"text\": \"%%actor.name%%\"}")))
        .isEmpty();
    assertThat(JsonBody.looksLikeJsonButIsNot(Template.parse("plain %%actor.name%%"))).isEmpty();
  }

  @Test
  void rawPlaceholdersOutsideStringsAreNamedButJsonValuedOnesAreNot() throws Exception {
    assertThat(
            JsonBody.rawOutsideStrings(
                    Template.parse(
                        "{\"e\": %%payload%%, \"n\": %%batch.size%%, \"x\": %%actor.name%%}"))
                .stream()
                .map(Placeholder::name))
        .containsExactly("actor.name");
  }
}
