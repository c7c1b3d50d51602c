package io.github.dockereventsreactor.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A readable line: UTC time to the millisecond, the level, the message (and any stack trace).
 *
 * <p>Messages carry names, labels and command output written by whoever starts containers: every
 * control character in them is escaped ({@code \n}, {@code \x1b}), so one log record is one line
 * that starts with its time, and no value can forge a line, colour the terminal or set its title.
 */
public final class HumanLogLayout extends LayoutBase<ILoggingEvent> {

  private static final DateTimeFormatter TO_THE_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** A minute and its text up to the seconds, formatted once for all its lines. */
  private record Minute(long epochMinute, String text) {}

  // The formatter cost more than the rest of a line: one command's line is formatted per command.
  // Once a minute, not a second: called that rarely, it is never compiled, and interpreted it
  // costs about as much as a hundred lines' layouts.
  private volatile Minute minute = new Minute(Long.MIN_VALUE, "");

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    time(event.getTimeStamp(), line);
    String level = event.getLevel().toString();
    line.append(' ').append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    escape(event.getFormattedMessage(), line);
    line.append('\n');
    if (event.getThrowableProxy() != null) {
      // A stack trace is many lines by nature; only its messages can hold outside text.
      for (String frame : ThrowableProxyUtil.asString(event.getThrowableProxy()).split("\n", -1)) {
        escape(frame, line);
        line.append('\n');
      }
    }
    return line.toString();
  }

  /** The time to the millisecond, in UTC: {@code 2026-12-07T06:54:49.439Z}. */
  void time(long epochMilli, StringBuilder line) {
    long epochMinute = Math.floorDiv(epochMilli, 60_000);
    Minute at = minute;
    if (at.epochMinute() != epochMinute) {
      at = new Minute(epochMinute, TO_THE_MINUTE.format(Instant.ofEpochSecond(epochMinute * 60)));
      minute = at;
    }
    int ofTheMinute = Math.floorMod(epochMilli, 60_000);
    line.append(at.text())
        .append((char) ('0' + ofTheMinute / 10_000))
        .append((char) ('0' + ofTheMinute / 1000 % 10))
        .append('.')
        .append((char) ('0' + ofTheMinute / 100 % 10))
        .append((char) ('0' + ofTheMinute / 10 % 10))
        .append((char) ('0' + ofTheMinute % 10))
        .append('Z');
  }

  /**
   * Appends the text with C0 and C1 controls, DEL, and the Unicode line and paragraph separators
   * and bidirectional overrides (which reorder what a terminal shows) written as escapes.
   */
  static void escape(String text, StringBuilder out) {
    if (text == null) {
      out.append("null");
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else if (c == '\u2028'
          || c == '\u2029'
          || (c >= '\u202a' && c <= '\u202e')
          || (c >= '\u2066' && c <= '\u2069')) {
        out.append("\\u").append(Integer.toHexString(c));
      } else {
        out.append(c);
      }
    }
  }
}
