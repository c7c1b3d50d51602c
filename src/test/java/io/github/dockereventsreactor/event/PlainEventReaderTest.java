package io.github.dockereventsreactor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast reader reads what it accepts exactly as Jackson does, and the engine's own lines are
 * what it accepts (else it would buy nothing).
 */
class PlainEventReaderTest {

  @Test
  void readsEveryRecordedEngineEventAsJacksonDoes() throws Exception {
    for (String line : EventJsonTest.fixtureLines()) {
      String text = line.strip();
      assertThat(PlainEventReader.read(text)).isEqualTo(EventJson.parseWithJackson(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":9223372036854775807}",
        "{\"Type\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\ude00\",\"Action\":\"x\"}",
        " {\"Type\" : \"t\" ,\n\"Action\"\t:\r\"a\", \"Actor\": {} , \"x\": 0}",
        "{\"Type\":\"t\",\"Action\":\"a\",\"Actor\":{\"Attributes\":{\"a\":\"1\"},"
            + "\"Attributes\":{\"b\":\"2\",\"a\":\"3\"},\"ID\":\"i\"}}"
      })
  void readsTheEdgesOfItsShapeAsJacksonDoes(String text) throws Exception {
    assertThat(PlainEventReader.read(text.strip()))
        .isNotNull()
        .isEqualTo(EventJson.parseWithJackson(text.strip()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":9223372036854775808}",
        "{\"Type\":\"container\",\"Action\":\"start\",\"timeNano\":01}",
        "{\"Type\":\"container\",\"Action\":\"start\",\"time\":1.0}",
        "{\"Type\":\"container\",\"Action\":\"start\",\"time\":-1}",
        "{\"Type\":\"container\",\"Action\":\"start\"} x",
        "{\"Type\":\"container\",\"Action\":\"st\u0001art\"}",
        "{\"Type\":\"container\",\"Action\":\"\\x\"}",
        "{\"Type\":\"container\",\"Action\":\"\\u12g4\"}",
        "{\"Type\":\"container\",\"Action\":\"start\",}",
        "{\"Type\":\"container\"}"
      })
  void declinesWhatJacksonRejects(String text) {
    assertThat(PlainEventReader.read(text)).isNull();
    assertThatThrownBy(() -> EventJson.parseWithJackson(text))
        .isInstanceOf(MalformedEventException.class);
  }

  /**
   * A character beyond U+FFFF (an emoji in a label, as the engine writes it: raw UTF-8) is two
   * chars of the line: the values after it were cut one char short and the names shifted.
   */
  @Test
  void readsTheAttributesAroundACharacterBeyondTheBasicPlane() throws Exception {
    String text =
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":"
            + "{\"a\":\"\uD83D\uDC33 prod\",\"name\":\"web\"}},\"scope\":\"local\"}";

    DockerEvent event = EventJson.parse(text);

    assertThat(event.actor().attributes())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "\uD83D\uDC33 prod", "name", "web"));
    assertThat(event).isEqualTo(EventJson.parseWithJackson(text));
  }

  @Test
  void leavesOtherValueTypesToJackson() throws Exception {
    String text =
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"Attributes\":{\"n\":{\"a\":1}}}}";
    assertThat(PlainEventReader.read(text)).isNull();
    assertThat(EventJson.parse(text).actor().attributes()).containsEntry("n", "{\"a\":1}");
  }

  /** Event-shaped lines, often cut or with a character changed: read as Jackson does, or left. */
  @Property(tries = 3_000)
  void whatItReadsJacksonReadsTheSame(
      @ForAll("events") String event,
      @ForAll @IntRange(min = 0, max = 3) int damage,
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll("noise") char noise) {
    String text = damaged(event, damage, where, noise).strip();
    DockerEvent plain = PlainEventReader.read(text);
    if (plain != null) {
      try {
        assertThat(plain).isEqualTo(EventJson.parseWithJackson(text));
      } catch (MalformedEventException e) {
        throw new AssertionError("accepted what Jackson rejects: " + text, e);
      }
    }
  }

  private static String damaged(String event, int damage, int where, char noise) {
    int at = where % (event.length() + 1);
    return switch (damage) {
      case 1 -> event.substring(0, at);
      case 2 -> event.substring(0, at) + noise + event.substring(at);
      case 3 ->
          at < event.length()
              ? event.substring(0, at) + noise + event.substring(at + 1)
              : event + noise;
      default -> event;
    };
  }

  @Provide
  Arbitrary<Character> noise() {
    return Arbitraries.of(
        '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '9', '-', '.', 'e', 'u', '\n', '\u0000',
        '\u00e9', 'x');
  }

  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> strings =
        Arbitraries.oneOf(
            Arbitraries.of(
                "\"container\"",
                "\"start\"",
                "\"\"",
                "\"a\\\"b\"",
                "\"\\u00e9\\n\"",
                "\"\\ud800\"",
                "\"w\u00e9b\"",
                "\"\uD83D\uDC33 x\"",
                "\"health_status: healthy\""),
            Arbitraries.strings()
                .withChars("abc\\\"/u0123456789ef \u00e9")
                .ofMaxLength(8)
                .map(s -> "\"" + s + "\""));
    Arbitrary<String> numbers =
        Arbitraries.of(
            "0",
            "1795535393",
            "1795535393749723950",
            "9223372036854775807",
            "9223372036854775808",
            "12345678901234567890",
            "-1",
            "1.5",
            "1e3",
            "00");
    Arbitrary<String> values = Arbitraries.oneOf(strings, numbers, Arbitraries.of("null", "{}"));
    Arbitrary<String> attributes =
        Combinators.combine(strings, Arbitraries.oneOf(strings, strings, values))
            .as((key, value) -> key + ":" + value)
            .list()
            .ofMaxSize(4)
            .map(list -> "{" + String.join(",", list) + "}");
    Arbitrary<String> actor =
        Combinators.combine(strings, attributes)
            .as((id, map) -> "{\"ID\":" + id + ",\"Attributes\":" + map + "}");
    Arbitrary<String> field =
        Arbitraries.oneOf(
            strings.map(v -> "\"Type\":" + v),
            strings.map(v -> "\"Action\":" + v),
            strings.map(v -> "\"scope\":" + v),
            numbers.map(v -> "\"time\":" + v),
            numbers.map(v -> "\"timeNano\":" + v),
            actor.map(v -> "\"Actor\":" + v),
            values.map(v -> "\"status\":" + v));
    Arbitrary<List<String>> fields = field.list().ofMaxSize(8);
    return Combinators.combine(strings, strings, fields)
        .as(
            (type, action, rest) ->
                "{\"Type\":"
                    + type
                    + ",\"Action\":"
                    + action
                    + (rest.isEmpty() ? "" : "," + String.join(" , ", rest))
                    + "}");
  }
}
