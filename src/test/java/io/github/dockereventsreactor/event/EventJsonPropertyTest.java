package io.github.dockereventsreactor.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever a line holds, parsing it gives an event or a MalformedEventException that says why,
 * nothing else; an event has a type and an action, a time not before 1970, the line as its JSON,
 * and parses from that JSON to itself.
 */
class EventJsonPropertyTest {

  @Property
  void anyTextIsAnEventOrMalformed(@ForAll @StringLength(max = 2_000) String line) {
    parseTotally(line);
  }

  @Property
  void anyJsonLikeLineIsAnEventOrMalformed(@ForAll("jsonLike") String line) {
    parseTotally(line);
  }

  private static void parseTotally(String line) {
    DockerEvent event;
    try {
      event = EventJson.parse(line);
    } catch (MalformedEventException e) {
      // The one way a line may fail.
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(event.type()).isNotEmpty();
    assertThat(event.action()).isNotEmpty();
    assertThat(event.timeNano()).isNotNegative();
    assertThat(event.time()).isNotNegative();
    assertThat(event.json()).isEqualTo(line.strip());
    assertThat(event.synthetic()).isFalse();
    try {
      assertThat(EventJson.parse(event.json())).isEqualTo(event);
    } catch (MalformedEventException e) {
      throw new AssertionError("its own JSON does not parse: " + e.getMessage(), e);
    }
  }

  /** Lines built of the pieces real events are made of, so most get past the JSON syntax. */
  @Provide
  Arbitrary<String> jsonLike() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"Type\"",
                "\"Action\"",
                "\"Actor\"",
                "\"ID\"",
                "\"Attributes\"",
                "\"time\"",
                "\"timeNano\"",
                "\"scope\"",
                "\"status\"",
                "\"id\"",
                "\"from\"",
                "\"container\"",
                "\"health_status: healthy\"",
                "\"\"",
                "null",
                "true",
                "false",
                "0",
                "-1",
                "1e308",
                "9223372036854775807",
                "-9223372036854775808",
                "18446744073709551616",
                "1.5",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"name\"",
                " "),
            Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\"", "") + "\""));
    return pieces.list().ofMaxSize(60).map(list -> String.join("", list));
  }
}
