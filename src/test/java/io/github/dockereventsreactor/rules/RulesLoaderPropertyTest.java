package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever a rules file holds, loading it gives rules or every problem, never another throwable:
 * each problem at a place in the file, with a message; and the same text loads the same way again.
 */
class RulesLoaderPropertyTest {

  @Property
  void anyTextIsRulesOrInvalid(@ForAll @StringLength(max = 2_000) String text) {
    loadTotally(text);
  }

  @Property
  void anyYamlLikeFileIsRulesOrInvalid(@ForAll("yamlLike") String text) {
    loadTotally(text);
  }

  private static void loadTotally(String text) {
    String once = load(text);
    assertThat(load(text)).isEqualTo(once);
  }

  /** The rules' names, or the problems: InvalidRulesException is the one way a file may fail. */
  private static String load(String text) {
    try {
      return RulesLoader.parse("r.yml", text).rules().stream().map(Rule::name).toList().toString();
    } catch (InvalidRulesException e) {
      long lines = text.lines().count();
      assertThat(e.problems())
          .isNotEmpty()
          .allSatisfy(
              problem -> {
                assertThat(problem.file()).isEqualTo("r.yml");
                assertThat((long) problem.line()).isBetween(1L, lines + 1);
                assertThat(problem.column()).isPositive();
                assertThat(problem.message()).isNotBlank();
                assertThat(problem.severity()).isEqualTo(Problem.Severity.ERROR);
              });
      return e.problems().toString();
    }
  }

  /** Files built of the keys, operators and values rules are made of, in YAML's punctuation. */
  @Provide
  Arbitrary<String> yamlLike() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.of(
                "events_reactor:",
                "reactor:",
                "\n",
                "\n  ",
                "\n    ",
                "\n      ",
                "  ",
                "- ",
                "r:",
                "s:",
                "event:",
                "type:",
                "action:",
                "actor:",
                "name:",
                "run:",
                "webhook:",
                "url:",
                "metric:",
                "labels:",
                "key:",
                "debounce:",
                "throttle:",
                "max:",
                "per:",
                "timeout:",
                "queue:",
                "overflow:",
                "concurrency:",
                "env:",
                "cwd:",
                "stdin:",
                "glob:",
                "regex:",
                "not:",
                "exists:",
                "metrics:",
                "listen:",
                "max_series:",
                "state_file:",
                "{",
                "}",
                "[",
                "]",
                ",",
                ": ",
                "'",
                "\"",
                "&a ",
                "*a",
                "!!str ",
                "!!map ",
                "? ",
                "|",
                ">",
                "#",
                "%%ip%%",
                "%%actor.name%%",
                "%%host%%",
                "%%x%%",
                "%%actor.id|d%%",
                "1s",
                "0",
                "-1",
                "1m",
                "true",
                "maybe",
                "drop-oldest",
                "payload",
                "[",
                "a*b",
                "((a+)+)+b",
                "(x)\\\\1",
                "(?=x)",
                "[z-a]",
                "a{1000}{1000}",
                "docker_events",
                "x_total",
                "~",
                "null",
                "\t",
                "\u0000",
                "\uFEFF"),
            Arbitraries.strings().ofMaxLength(6));
    return pieces.list().ofMaxSize(80).map(list -> String.join("", list));
  }
}
