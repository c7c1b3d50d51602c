package io.github.dockereventsreactor.event;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads an event line of the shape the engine writes (an object of strings and integers, the
 * actor's attributes all strings) in one pass over its characters, or declines it.
 *
 * <p>Jackson spent most of an event's time on what this shape never needs: a parser and its
 * contexts per line, and every field name through a symbol table. Whatever falls outside the shape
 * (another value type, a number that is not a plain integer within a {@code long}, a line over
 * {@value #MAX_LENGTH} characters, and anything malformed) is declined, never guessed: {@link
 * EventJson} then parses the line with Jackson, which reads it or words the error. What this reader
 * does accept it reads exactly as that path would (a test compares them on generated lines).
 */
final class PlainEventReader {

  /**
   * Longer lines, rare (a label of tens of kilobytes), are left to Jackson, which reads names and
   * strings of any length within the line's cap ({@link EventJson#factory}).
   */
  private static final int MAX_LENGTH = 40_000;

  /** Stops the reading of a line outside the shape; without a stack trace, which costs. */
  private static final class Declined extends Exception {
    private static final long serialVersionUID = 1L;

    Declined() {
      super(null, null, false, false);
    }
  }

  private final String text;

  /**
   * The line's characters as ISO-8859-1 bytes, scanned instead of the String: under the client
   * compiler a {@code charAt} per character checks the String's coder and its bounds through a
   * call, for every character of every event. A character above U+00FF becomes {@code '?'} here,
   * which is neither structure, quote, escape nor control, so the scan reads the same; string
   * values are cut from {@link #text}, never from these bytes.
   */
  private final byte[] chars;

  private int at;

  /** Where the last field name read ends (its closing quote). */
  private int nameEnd;

  private PlainEventReader(String text) {
    this.text = text;
    this.chars = text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The character at {@code i}, or {@code '?'} for one above U+00FF. */
  private char charAt(int i) {
    return (char) (chars[i] & 0xFF);
  }

  /** The event, or {@code null} when the line is for Jackson to read or reject. */
  static @Nullable DockerEvent read(String text) {
    if (text.length() > MAX_LENGTH) {
      return null;
    }
    PlainEventReader reader = new PlainEventReader(text);
    // A character beyond U+FFFF is two chars of the String but one '?' of the bytes: offsets into
    // the bytes would cut the String's values one char short per such character, and the names
    // after them shifted (a label's emoji garbled the attributes behind it). Jackson reads those.
    if (reader.chars.length != text.length()) {
      return null;
    }
    try {
      return reader.event();
    } catch (Declined e) {
      return null;
    }
  }

  private DockerEvent event() throws Declined {
    expect('{');
    String type = "";
    String action = "";
    String scope = "";
    long time = -1;
    long timeNano = -1;
    Actor actor = Actor.NONE;
    if (!next('}')) {
      do {
        int name = fieldName();
        if (isName(name, "Type")) {
          type = string();
        } else if (isName(name, "Action")) {
          action = string();
        } else if (isName(name, "scope")) {
          scope = string();
        } else if (isName(name, "time")) {
          time = integer();
        } else if (isName(name, "timeNano")) {
          timeNano = integer();
        } else if (isName(name, "Actor")) {
          actor = actor();
        } else {
          skipScalar();
        }
      } while (next(','));
      expect('}');
    }
    if (at != chars.length || type.isEmpty() || action.isEmpty() || time > EventJson.MAX_TIME) {
      throw new Declined();
    }
    long nanos = timeNano >= 0 ? timeNano : (time < 0 ? 0 : time) * 1_000_000_000L;
    long seconds = time >= 0 ? time : nanos / 1_000_000_000L;
    return new DockerEvent(type, action, scope, seconds, nanos, actor, text, false, false);
  }

  private Actor actor() throws Declined {
    expect('{');
    String id = "";
    Map<String, String> attributes = Map.of();
    if (!next('}')) {
      do {
        int name = fieldName();
        if (isName(name, "ID")) {
          id = string();
        } else if (isName(name, "Attributes")) {
          // Two Attributes objects in one actor add up, as they do on Jackson's path.
          attributes = attributes.isEmpty() ? new HashMap<>() : attributes;
          expect('{');
          if (!next('}')) {
            do {
              String key = string();
              expect(':');
              attributes.put(key, string());
            } while (next(','));
            expect('}');
          }
        } else {
          skipScalar();
        }
      } while (next(','));
      expect('}');
    }
    return Actor.owning(id, attributes);
  }

  /** The position of a field name's first character, the reader left after its colon. */
  private int fieldName() throws Declined {
    space();
    if (at >= chars.length || charAt(at) != '"') {
      throw new Declined();
    }
    int start = at + 1;
    int end = start;
    // A name with an escape is not one of ours as written; Jackson reads it.
    while (end < chars.length && charAt(end) != '"') {
      if (charAt(end) == '\\' || charAt(end) < 0x20) {
        throw new Declined();
      }
      end++;
    }
    if (end == chars.length) {
      throw new Declined();
    }
    nameEnd = end;
    at = end + 1;
    expect(':');
    return start;
  }

  private boolean isName(int start, String name) {
    return nameEnd - start == name.length() && text.startsWith(name, start);
  }

  private String string() throws Declined {
    space();
    if (at >= chars.length || charAt(at) != '"') {
      throw new Declined();
    }
    int start = at + 1;
    for (int i = start; i < chars.length; i++) {
      char c = charAt(i);
      if (c == '"') {
        at = i + 1;
        return text.substring(start, i);
      }
      if (c == '\\') {
        return escaped(start, i);
      }
      if (c < 0x20) {
        throw new Declined();
      }
    }
    throw new Declined();
  }

  /** The rest of a string that holds an escape, decoded as JSON says. */
  private String escaped(int start, int escape) throws Declined {
    StringBuilder value = new StringBuilder(escape - start + 16).append(text, start, escape);
    int i = escape;
    while (i < chars.length) {
      char c = text.charAt(i++);
      if (c == '"') {
        at = i;
        return value.toString();
      }
      if (c < 0x20 || (c == '\\' && i >= chars.length)) {
        throw new Declined();
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      char e = text.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> value.append(e);
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'u' -> {
          if (i + 4 > chars.length) {
            throw new Declined();
          }
          int code = 0;
          for (int end = i + 4; i < end; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) > 'f') {
              throw new Declined();
            }
            code = code * 16 + digit;
          }
          value.append((char) code);
        }
        default -> throw new Declined();
      }
    }
    throw new Declined();
  }

  /**
   * A non-negative integer that fits a {@code long}: 19 digits stay below 2^64, so one past {@code
   * Long.MAX_VALUE} wraps to a negative value, which declines it.
   */
  private long integer() throws Declined {
    space();
    int start = at;
    long value = 0;
    while (at < chars.length && charAt(at) >= '0' && charAt(at) <= '9') {
      value = value * 10 + (charAt(at++) - '0');
    }
    int digits = at - start;
    if (digits == 0 || digits > 19 || value < 0 || (digits > 1 && charAt(start) == '0')) {
      throw new Declined();
    }
    if (at < chars.length) {
      char c = charAt(at);
      if (c == '.' || c == 'e' || c == 'E') {
        throw new Declined();
      }
    }
    return value;
  }

  /** A field we do not read: a string or a plain integer; anything else goes to Jackson. */
  private void skipScalar() throws Declined {
    space();
    if (at < chars.length && charAt(at) == '"') {
      string();
    } else {
      integer();
    }
  }

  private void expect(char c) throws Declined {
    if (!next(c)) {
      throw new Declined();
    }
  }

  /** Whether the next character, after white space, is {@code c}; if so, the reader passes it. */
  private boolean next(char c) {
    space();
    if (at < chars.length && charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void space() {
    while (at < chars.length) {
      char c = charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }
}
