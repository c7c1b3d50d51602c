package io.github.dockereventsreactor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

  static List<String> fixtureLines() throws IOException {
    return Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"));
  }

  /**
   * A label's key is the container owner's to choose: past Jackson's default cap on a name (50,000
   * characters) the event was "malformed", and every rule missed it (a crash alert, say).
   */
  @Test
  void readsALabelWhoseKeyIsLongerThanJacksonsDefaultCap() throws Exception {
    String key = "k".repeat(60_000);
    String line =
        "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\""
            + key
            + "\":\"v\",\"name\":\"web\"}},\"time\":1795535393}";

    DockerEvent event = EventJson.parse(line);

    assertThat(event.actor().attributes()).containsEntry("name", "web").containsEntry(key, "v");
    assertThat(LegacyFields.restore(event).json())
        .startsWith("{\"status\":\"die\",\"id\":\"c1\",\"Type\"");
  }

  @Test
  void readsAContainerEventWithLegacyFieldsKeptInThePayload() throws Exception {
    String line =
        "{\"status\":\"start\",\"id\":\"b7ec\",\"from\":\"busybox\",\"Type\":\"container\","
            + "\"Action\":\"start\",\"Actor\":{\"ID\":\"b7ec\",\"Attributes\":{\"name\":\"web\","
            + "\"com.docker.compose.service\":\"web\"}},\"scope\":\"local\",\"time\":1795535393,"
            + "\"timeNano\":1795535393749723950}";

    DockerEvent event = EventJson.parse(line);

    assertThat(event.type()).isEqualTo("container");
    assertThat(event.action()).isEqualTo("start");
    assertThat(event.scope()).isEqualTo("local");
    assertThat(event.time()).isEqualTo(1795535393L);
    assertThat(event.actor().id()).isEqualTo("b7ec");
    assertThat(event.actor().attributes())
        .containsEntry("name", "web")
        .containsEntry("com.docker.compose.service", "web");
    assertThat(event.json()).isEqualTo(line);
  }

  @Test
  void keepsTimeNanoExactBeyondTwoToTheFiftyThree() throws Exception {
    DockerEvent event =
        EventJson.parse(
            "{\"Type\":\"volume\",\"Action\":\"create\",\"time\":1795535393,"
                + "\"timeNano\":1795535393466702267}");

    DockerEvent next =
        EventJson.parse(
            "{\"Type\":\"volume\",\"Action\":\"create\",\"time\":1795535393,"
                + "\"timeNano\":1795535393466702268}");

    // The two are one double apart from nothing: a parser that went through a double reads both
    // as the same value.
    assertThat(event.timeNano()).isEqualTo(1795535393466702267L);
    assertThat(next.timeNano()).isEqualTo(1795535393466702268L);
  }

  @Test
  void readsEveryRecordedEvent() throws Exception {
    for (String line : fixtureLines()) {
      DockerEvent event = EventJson.parse(line);
      assertThat(event.type()).isNotEmpty();
      assertThat(event.timeNano() / 1_000_000_000L).isEqualTo(event.time());
    }
  }

  @Test
  void toleratesAnEventWithoutActor() throws Exception {
    DockerEvent event = EventJson.parse("{\"Type\":\"daemon\",\"Action\":\"reload\",\"time\":5}");

    assertThat(event.actor()).isEqualTo(Actor.NONE);
    assertThat(event.timeNano()).isEqualTo(5_000_000_000L);
    assertThat(event.actorName()).isEmpty();
  }

  @Test
  void unknownTypesOddAttributesAndHugeValuesStillFlow() throws Exception {
    String huge = "x".repeat(512 * 1024);
    DockerEvent event =
        EventJson.parse(
            "{\"Type\":\"quantum\",\"Action\":\"entangle: now\",\"Actor\":{\"ID\":\"q\","
                + "\"Attributes\":{\"n\":5,\"list\":[1],\"big\":\""
                + huge
                + "\",\"bad\":\"\uFFFD\"}}}");

    assertThat(event.type()).isEqualTo("quantum");
    assertThat(event.verb()).isEqualTo("entangle");
    assertThat(event.actor().attributes())
        .containsEntry("n", "5")
        .containsEntry("list", "[1]")
        .containsEntry("big", huge)
        .containsEntry("bad", "\uFFFD");
  }

  @Test
  void attributesReadFromTheLineEqualThoseGivenAndKeepTheLastOfADuplicateKey() throws Exception {
    String line =
        "  {\"Actor\":{\"Attributes\":{\"name\":\"web\",\"n\":{\"a\":[1]},\"name\":\"w\\u00e9b\"},"
            + "\"ID\":\"c1\"},\"Type\":\"container\",\"Action\":\"start\"}";
    DockerEvent event = EventJson.parse(line);

    assertThat(event.actor())
        .isEqualTo(new Actor("c1", Map.of("name", "w\u00e9b", "n", "{\"a\":[1]}")));
    assertThat(event.actor().attribute("name")).hasValue("w\u00e9b");
    assertThat(event.actorName()).hasValue("w\u00e9b");
    // %%payload%%: the line as received (less the white space around it), not a copy rebuilt.
    assertThat(event.json()).isEqualTo(line.strip());
  }

  @Test
  void verbDropsTheDetailAfterTheColon() throws Exception {
    DockerEvent event =
        EventJson.parse("{\"Type\":\"container\",\"Action\":\"health_status: healthy\"}");

    assertThat(event.verb()).isEqualTo("health_status");
  }

  /** The message says what is wrong in the line's terms, never a parser's class name. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not json|not JSON: Unrecognized token 'not'",
        "[1,2]|not a JSON object",
        "{\"Action\":\"start\"}|no \"Type\" or \"Action\" field",
        "{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":1.5e18}|\"timeNano\" is not a 64-bit integer: 1.5e18",
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":\"x\"}|\"Actor\" is not an object",
        // Attributes are read when first asked for, but their syntax is checked at once.
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"Attributes\":{\"a\":}}}|not JSON: Unexpected character ('}' (code 125)): expected a value",
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"Attributes\":{\"a\":\"b\"]}}|not JSON: Unexpected close marker ']': expected '}'"
      })
  void rejectsWhatIsNotAnEventSayingWhy(String line, String message) {
    assertThatThrownBy(() -> EventJson.parse(line))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("Exception");
  }

  @Test
  void aTimeWhoseNanosecondsWouldOverflowIsMalformed() {
    assertThatThrownBy(
            () ->
                EventJson.parse(
                    "{\"Type\":\"container\",\"Action\":\"start\",\"time\":9223372036854775807}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("\"time\" is out of range");
    assertThatThrownBy(
            () -> EventJson.parse("{\"Type\":\"container\",\"Action\":\"start\",\"time\":-1}"))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(
            () -> EventJson.parse("{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":-5}"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void theLastSecondThatFitsIsRead() throws Exception {
    DockerEvent event =
        EventJson.parse("{\"Type\":\"container\",\"Action\":\"start\",\"time\":9223372036}");
    assertThat(event.timeNano()).isEqualTo(9223372036_000_000_000L);
  }
}
