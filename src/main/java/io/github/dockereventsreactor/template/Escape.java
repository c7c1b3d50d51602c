package io.github.dockereventsreactor.template;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How a placeholder's value is written into its template: as it is (an argv element, an environment
 * value), percent-encoded for the part of a URL it lands in, so that no value can add a path
 * segment, a query parameter or a fragment, or change where a webhook goes, as one token of a NATS
 * subject, or as the content of a JSON string in a JSON body.
 */
public enum Escape {
  /** The value as it is. */
  NONE {
    @Override
    public String apply(String value) {
      return value;
    }
  },
  /** One path segment: '/', '?', '#', '%' and the rest encoded; a value of dots only too. */
  PATH_SEGMENT {
    @Override
    public String apply(String value) {
      // "." and ".." stay dot segments once decoded, which servers resolve: encode even the dots.
      return value.chars().allMatch(c -> c == '.') ? value.replace(".", "%2E") : percent(value);
    }
  },
  /** A query parameter's value or the fragment: '&', '=', '+', '#' and the rest encoded. */
  QUERY_VALUE {
    @Override
    public String apply(String value) {
      return percent(value);
    }
  },
  /**
   * The content of a JSON string: a quote, a backslash and the control characters escaped, so a
   * value placed between a JSON body's quotes stays that string's content and adds no field.
   */
  JSON_STRING {
    @Override
    public String apply(String value) {
      StringBuilder out = null;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        String escaped = jsonEscape(c);
        if (escaped != null && out == null) {
          out = new StringBuilder(value.length() + 16).append(value, 0, i);
        }
        if (out != null) {
          out.append(escaped != null ? escaped : String.valueOf(c));
        }
      }
      return out == null ? value : out.toString();
    }
  },
  /**
   * One token of a NATS subject: a dot, {@code *}, {@code >}, white space or a control character
   * becomes {@code _} (an empty value too), so no value adds a token or a wildcard.
   */
  SUBJECT_TOKEN {
    @Override
    public String apply(String value) {
      if (value.isEmpty()) {
        return "_";
      }
      StringBuilder safe = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        safe.append(c == '.' || c == '*' || c == '>' || c <= ' ' || c == 0x7f ? '_' : c);
      }
      return safe.toString();
    }
  };

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  public abstract String apply(String value);

  /** RFC 8259's escape of {@code c} inside a string, or null when it stands as it is. */
  private static @Nullable String jsonEscape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      // U+2028 and U+2029 are valid JSON but end a line in JavaScript, where some receivers
      // evaluate what they got.
      default ->
          c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029
              ? String.format("\\u%04x", (int) c)
              : null;
    };
  }

  /** Every byte but RFC 3986's unreserved characters as %XX of its UTF-8. */
  private static String percent(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
