package io.github.dockereventsreactor.template;

import java.nio.charset.StandardCharsets;

/**
 * How a placeholder's value is written into its template: as it is (an argv element, an
 * environment value) or percent-encoded for the part of a URL it lands in, so that no value can
 * add a path segment, a query parameter or a fragment, or change where a webhook goes.
 */
public enum Escape {
  /** The value as it is. */
  NONE {
    @Override
    String apply(String value) {
      return value;
    }
  },
  /** One path segment: '/', '?', '#', '%' and the rest encoded; a value of dots only too. */
  PATH_SEGMENT {
    @Override
    String apply(String value) {
      // "." and ".." stay dot segments once decoded, which servers resolve: encode even the dots.
      return value.chars().allMatch(c -> c == '.') ? value.replace(".", "%2E") : percent(value);
    }
  },
  /** A query parameter's value or the fragment: '&', '=', '+', '#' and the rest encoded. */
  QUERY_VALUE {
    @Override
    String apply(String value) {
      return percent(value);
    }
  };

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  abstract String apply(String value);

  /** Every byte but RFC 3986's unreserved characters as %XX of its UTF-8. */
  private static String percent(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
