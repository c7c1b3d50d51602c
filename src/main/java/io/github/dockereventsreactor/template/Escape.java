package io.github.dockereventsreactor.template;

import java.nio.charset.StandardCharsets;

/**
 * How a placeholder's value is written into its template: as it is (an argv element, an environment
 * value), percent-encoded for the part of a URL it lands in, so that no value can add a path
 * segment, a query parameter or a fragment, or change where a webhook goes, or as one token of a
 * NATS subject.
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
