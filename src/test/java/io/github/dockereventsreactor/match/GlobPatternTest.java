package io.github.dockereventsreactor.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pieces between a glob's stars match in order, each after the one before, none overlapping.
 */
class GlobPatternTest {

  private static boolean matches(String glob, String value) throws InvalidGlobException {
    return GlobPattern.compile(glob).matches(value);
  }

  @Test
  void aPieceStartsWhereThePieceBeforeItEnded() throws Exception {
    assertThat(matches("*ab*b*", "xab")).isFalse();
    assertThat(matches("*ab*b*", "xabb")).isTrue();
    assertThat(matches("*aa*a*", "aa")).isFalse();
    assertThat(matches("*aa*a*", "aaa")).isTrue();
  }

  @Test
  void thePiecesMatchInTheirOrder() throws Exception {
    assertThat(matches("*b*a*", "ab")).isFalse();
    assertThat(matches("*b*a*", "ba")).isTrue();
  }

  @Test
  void theFirstAndLastPiecesHoldTheEndsAndDoNotOverlap() throws Exception {
    assertThat(matches("ab*ba", "aba")).isFalse();
    assertThat(matches("ab*ba", "abba")).isTrue();
    assertThat(matches("a*b*c", "ac")).isFalse();
    assertThat(matches("a*b*c", "abc")).isTrue();
  }
}
