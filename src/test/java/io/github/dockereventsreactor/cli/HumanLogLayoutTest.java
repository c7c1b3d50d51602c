package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HumanLogLayoutTest {

  private static String layout(String message, Object... args) {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent("test", context.getLogger("reactor"), Level.INFO, message, null, args);
    event.setTimeStamp(0);
    return new HumanLogLayout().doLayout(event);
  }

  @Test
  void aForgedLineInAValueStaysOnTheRecordsLine() {
    String name = "db\n2026-11-30T00:00:00.000Z ERROR rule \"backup\" on container die db\r";

    assertThat(layout("rule \"{}\" on container start {}", "r", name))
        .isEqualTo(
            "1970-01-01T00:00:00.000Z INFO  rule \"r\" on container start db\\n2026-11-30T00:00:00.000Z"
                + " ERROR rule \"backup\" on container die db\\r\n");
  }

  @Test
  void escapesEveryControlCharacterAndTheTerminalSequences() {
    String line = layout("{}", "\u001b]0;owned\u0007\u001b[31mred\t\u0000\u007f\u0085\u009b\u202e");

    assertThat(line)
        .isEqualTo(
            "1970-01-01T00:00:00.000Z INFO  \\x1b]0;owned\\x07\\x1b[31mred\\t\\x00\\x7f\\x85\\x9b"
                + "\\u202e\n");
    assertThat(line.substring(0, line.length() - 1).chars())
        .allMatch(c -> c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f));
  }

  @Test
  void keepsPrintableTextAsItIs() {
    assertThat(layout("{}", "café ☕ 名前 \\x1b"))
        .isEqualTo("1970-01-01T00:00:00.000Z INFO  café ☕ 名前 \\x1b\n");
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  /** One layout for many times, as the appender keeps it: its kept minute must never leak. */
  private final HumanLogLayout kept = new HumanLogLayout();

  @Property(tries = 2000)
  void writesTheTimeAsTheFormatterWould(
      @ForAll @LongRange(min = -62_135_596_800_000L, max = 253_402_300_799_999L) long millis,
      @ForAll @LongRange(min = -90_000, max = 90_000) long step) {
    for (long at : new long[] {millis, millis + step, millis + 1, millis}) {
      StringBuilder line = new StringBuilder();
      kept.time(at, line);
      assertThat(line).hasToString(TIME.format(Instant.ofEpochMilli(at)));
    }
  }

  @Test
  void writesTheTimeAcrossAMinutesEnd() {
    for (long at = 1_796_626_259_998L; at < 1_796_626_260_002L; at++) {
      StringBuilder line = new StringBuilder();
      kept.time(at, line);
      assertThat(line).hasToString(TIME.format(Instant.ofEpochMilli(at)));
    }
  }
}
