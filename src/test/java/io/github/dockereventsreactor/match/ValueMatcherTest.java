package io.github.dockereventsreactor.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueMatcherTest {

  private static boolean glob(String glob, String value) throws InvalidGlobException {
    return ValueMatcher.Glob.of(glob).test(value);
  }

  @ParameterizedTest(name = "{0} ~ \"{1}\": {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sentry_*      | sentry_web        | true",
        "sentry_*      | sentry_           | true",
        "sentry_*      | sentry            | false",
        "*_web         | sentry_web        | true",
        "*_web         | sentry_web2       | false",
        "*             | ''                | true",
        "''            | ''                | true",
        "''            | a                 | false",
        "**            | anything          | true",
        "a*b*c         | abc               | true",
        "a*b*c         | a_b_c_c           | true",
        "a*b*c         | acb               | false",
        "*ab*ab*       | abab              | true",
        "*ab*ab*       | aba               | false",
        "a*a           | a                 | false",
        "a*a           | aa                | true",
        "?             | x                 | true",
        "?             | ''                | false",
        "?             | xy                | false",
        "web-?         | web-1             | true",
        "web-?         | web-10            | false",
        "*prod*web*    | eu-prod-01-web-2  | true",
        "*prod*web*    | eu-web-01-prod    | false",
        "[abc]x        | bx                | true",
        "[abc]x        | dx                | false",
        "[a-c0-9]      | 7                 | true",
        "[a-c0-9]      | d                 | false",
        "[!abc]x       | dx                | true",
        "[!abc]x       | ax                | false",
        "[]]           | ]                 | true",
        "[!]]          | ]                 | false",
        "[!]]          | a                 | true",
        "[*]           | *                 | true",
        "[*]           | a                 | false",
        "a.b           | a.b               | true",
        "a.b           | axb               | false",
        "(x)+\\d       | (x)+\\d           | true",
        "?             | \uD83D\uDE00      | true",
        "é*            | été               | true",
      })
  void globsMatchTheWholeValue(String glob, String value, boolean matches) throws Exception {
    assertThat(glob(glob, value)).isEqualTo(matches);
  }

  @Test
  void aGlobNeverMatchesAMissingValue() throws Exception {
    assertThat(glob("*", null)).isFalse();
  }

  @Test
  void aGlobWithAnUnterminatedSetOrAnEmptyRangeIsRefusedWithItsIndex() {
    assertThatThrownBy(() -> ValueMatcher.Glob.of("sentry_[web"))
        .isInstanceOf(InvalidGlobException.class)
        .hasMessage("unterminated [")
        .satisfies(e -> assertThat(((InvalidGlobException) e).index()).isEqualTo(7));
    assertThatThrownBy(() -> ValueMatcher.Glob.of("x[z-a]"))
        .isInstanceOf(InvalidGlobException.class)
        .hasMessage("empty range z-a in [")
        .satisfies(e -> assertThat(((InvalidGlobException) e).index()).isEqualTo(2));
  }

  /**
   * Each of these took over 30 s (a 100 KB label: 5.6 s per event) when globs were translated to
   * {@code .*} regexes; a linear matcher finishes them in milliseconds. The deadline is only there
   * so a regression fails instead of hanging the build.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void pathologicalGlobsFinish() throws Exception {
    assertThat(glob("*a*a*a*a*a*b", "a".repeat(1_000))).isFalse();
    assertThat(glob("*a".repeat(11) + "*b", "a".repeat(100))).isFalse();
    assertThat(glob("*prod*web*", "x".repeat(100_000) + "prod" + "y".repeat(100_000))).isFalse();
    for (int i = 0; i < 200; i++) {
      assertThat(glob("*a*a*a*a*a*b", "a".repeat(10_000))).isFalse();
    }
    assertThat(glob("*" + "a?".repeat(50) + "*b", "a".repeat(20_000))).isFalse();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aBacktrackingRegexRunsInLinearTimeUnderRe2() {
    ValueMatcher regex = new ValueMatcher.Regex(Pattern.compile("((a+)+)+b"));
    for (int i = 0; i < 200; i++) {
      assertThat(regex.test("a".repeat(10_000))).isFalse();
    }
    assertThat(regex.test("aaab")).isTrue();
  }

  @ParameterizedTest(name = "{0} ~ \"{1}\": {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "^sentry_(web|relay)$ ; sentry_web  ; true",
        "sentry_(web|relay)   ; sentry_relay ; true",
        "sentry_(web|relay)   ; xsentry_web ; false",
        "web-\\d+             ; web-12      ; true",
        "(?i)WEB              ; web         ; true",
        "\\p{Greek}+          ; αβγ         ; true",
      })
  void regexesMatchTheWholeValue(String regex, String value, boolean matches) {
    assertThat(new ValueMatcher.Regex(Pattern.compile(regex)).test(value)).isEqualTo(matches);
  }
}
