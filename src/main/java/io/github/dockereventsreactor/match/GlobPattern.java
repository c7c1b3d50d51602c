package io.github.dockereventsreactor.match;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled shell pattern, matched without backtracking: at most (value length × pattern length)
 * steps, so a pattern such as {@code *a*a*a*a*b} against a 100 KB label costs a scan, not the
 * exponential time a {@code .*} regex would take on the reading thread.
 *
 * <p>The pattern is split at its stars into pieces of fixed length (every other element matches
 * exactly one character). The first piece must match at the start, the last at the end, and each
 * piece between takes its leftmost place after the previous one: with pieces of fixed length, the
 * leftmost place always leaves the most room for the rest, so no other place needs trying.
 */
final class GlobPattern {

  /** One element of a piece: it accepts exactly one code point. */
  private interface Element {
    boolean accepts(int codePoint);
  }

  /** A character as written. */
  private record Literal(int codePoint) implements Element {
    @Override
    public boolean accepts(int c) {
      return c == codePoint;
    }
  }

  /** {@code ?}: any one character. */
  private record AnyOne() implements Element {
    @Override
    public boolean accepts(int c) {
      return true;
    }
  }

  /** {@code [a-z_]} or {@code [!abc]}: ranges as pairs of inclusive bounds. */
  // Never compared or hashed: a flat array keeps the per-character test cheap.
  @SuppressWarnings("ArrayRecordComponent")
  private record OneOf(int[] ranges, boolean negated) implements Element {
    @Override
    public boolean accepts(int c) {
      for (int i = 0; i < ranges.length; i += 2) {
        if (c >= ranges[i] && c <= ranges[i + 1]) {
          return !negated;
        }
      }
      return negated;
    }
  }

  /** The pieces between stars; a pattern without a star is one piece. */
  private final List<Element[]> pieces;

  private GlobPattern(List<Element[]> pieces) {
    this.pieces = pieces;
  }

  /** Compiles {@code glob}; an unterminated {@code [} is reported with its index. */
  static GlobPattern compile(String glob) throws InvalidGlobException {
    int[] chars = glob.codePoints().toArray();
    List<Element[]> pieces = new ArrayList<>();
    List<Element> piece = new ArrayList<>();
    for (int i = 0; i < chars.length; i++) {
      int c = chars[i];
      if (c == '*') {
        pieces.add(piece.toArray(Element[]::new));
        piece.clear();
      } else if (c == '?') {
        piece.add(new AnyOne());
      } else if (c == '[') {
        int end = closing(chars, i);
        if (end < 0) {
          throw new InvalidGlobException("unterminated [", i);
        }
        piece.add(set(chars, i + 1, end));
        i = end;
      } else {
        piece.add(new Literal(c));
      }
    }
    pieces.add(piece.toArray(Element[]::new));
    return new GlobPattern(pieces);
  }

  /** The index of the {@code ]} closing the set opened at {@code open}, or -1. */
  private static int closing(int[] chars, int open) {
    int first = open + 1;
    if (first < chars.length && chars[first] == '!') {
      first++;
    }
    // A ']' right after "[" or "[!" is a member, as in the shell.
    for (int i = first + 1; i < chars.length; i++) {
      if (chars[i] == ']') {
        return i;
      }
    }
    return -1;
  }

  private static OneOf set(int[] chars, int from, int end) throws InvalidGlobException {
    boolean negated = chars[from] == '!';
    List<Integer> ranges = new ArrayList<>();
    for (int i = negated ? from + 1 : from; i < end; i++) {
      int low = chars[i];
      int high = low;
      if (i + 2 < end && chars[i + 1] == '-') {
        high = chars[i + 2];
        if (high < low) {
          throw new InvalidGlobException("empty range " + new String(chars, i, 3) + " in [", i);
        }
        i += 2;
      }
      ranges.add(low);
      ranges.add(high);
    }
    return new OneOf(ranges.stream().mapToInt(Integer::intValue).toArray(), negated);
  }

  boolean matches(String value) {
    int[] chars = codePoints(value);
    Element[] first = pieces.get(0);
    if (pieces.size() == 1) {
      return chars.length == first.length && at(first, chars, 0);
    }
    Element[] last = pieces.get(pieces.size() - 1);
    int end = chars.length - last.length;
    if (end < first.length || !at(first, chars, 0) || !at(last, chars, end)) {
      return false;
    }
    int from = first.length;
    for (int p = 1; p < pieces.size() - 1; p++) {
      Element[] piece = pieces.get(p);
      int found = leftmost(piece, chars, from, end);
      if (found < 0) {
        return false;
      }
      from = found + piece.length;
    }
    return true;
  }

  /** The value's code points: {@code ?} and a set take a whole character, surrogate pairs too. */
  private static int[] codePoints(String value) {
    int[] chars = new int[value.codePointCount(0, value.length())];
    for (int i = 0, j = 0; i < value.length(); j++) {
      int c = value.codePointAt(i);
      chars[j] = c;
      i += Character.charCount(c);
    }
    return chars;
  }

  /** The first index in [from, end - piece length] where the piece matches, or -1. */
  private static int leftmost(Element[] piece, int[] chars, int from, int end) {
    for (int i = from; i + piece.length <= end; i++) {
      if (at(piece, chars, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean at(Element[] piece, int[] chars, int start) {
    for (int k = 0; k < piece.length; k++) {
      if (!piece[k].accepts(chars[start + k])) {
        return false;
      }
    }
    return true;
  }
}
