package io.github.dockereventsreactor.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The linear matcher agrees with the plain backtracking definition of a glob on small inputs. */
class GlobPatternPropertyTest {

  @Property(tries = 2_000)
  void agreesWithTheBacktrackingDefinition(
      @ForAll("globs") List<String> glob, @ForAll("values") String value) throws Exception {
    String text = String.join("", glob);

    assertThat(GlobPattern.compile(text).matches(value))
        .as("%s against \"%s\"", text, value)
        .isEqualTo(reference(glob, 0, value, 0));
  }

  /** The definition, element by element: exponential, and obviously right. */
  private static boolean reference(List<String> glob, int g, String value, int v) {
    if (g == glob.size()) {
      return v == value.length();
    }
    String element = glob.get(g);
    if (element.equals("*")) {
      for (int rest = v; rest <= value.length(); rest++) {
        if (reference(glob, g + 1, value, rest)) {
          return true;
        }
      }
      return false;
    }
    if (v == value.length()) {
      return false;
    }
    char c = value.charAt(v);
    boolean accepts =
        element.equals("?")
            || (element.startsWith("[!") && element.indexOf(c, 2) < 0)
            || (element.startsWith("[") && !element.startsWith("[!") && element.indexOf(c, 1) > 0)
            || element.equals(String.valueOf(c));
    return accepts && reference(glob, g + 1, value, v + 1);
  }

  @Provide
  Arbitrary<List<String>> globs() {
    return Arbitraries.of("a", "b", "*", "?", "[ab]", "[!a]").list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars('a', 'b', 'c').ofMaxLength(10);
  }
}
