package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocumentTest {

  @TempDir Path dir;

  private static List<String> problems(ThrowingLoad load) {
    InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, load::run);
    assertThat(e).as("an InvalidRulesException").isNotNull();
    return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
  }

  private interface ThrowingLoad {
    void run() throws Exception;
  }

  @Test
  void aFileOverOneMebibyteIsRefusedWithItsSizeBeforeItIsRead() throws Exception {
    Path big = dir.resolve("big.yml");
    Files.writeString(big, "events_reactor: {}\n#" + "x".repeat(2 * 1024 * 1024));

    assertThat(problems(() -> RulesLoader.load(big)))
        .containsExactly(
            big
                + ":1:1: the file is 2097172 bytes; a rules file may be at most 1048576 bytes"
                + " (1 MiB), so it was not read");
  }

  @Test
  void aFileOfExactlyOneMebibyteIsRead() throws Exception {
    String rules = "events_reactor:\n  A:\n    run: [echo]\n#";
    Path file = dir.resolve("full.yml");
    Files.writeString(file, rules + "x".repeat(YamlDocument.MAX_BYTES - rules.length()));

    assertThat(RulesLoader.load(file).rules()).hasSize(1);
  }

  @Test
  void nestingDeeperThanFiftyLevelsIsALoadErrorWithItsLine() {
    String deep = "events_reactor:\n  Deep:\n    run: " + "[".repeat(10_000) + "]".repeat(10_000);

    assertThat(problems(() -> RulesLoader.parse("deep.yml", deep)))
        .containsExactly("deep.yml:3:57: nested deeper than 50 levels of mappings and lists");
  }

  @Test
  void fiftyLevelsAreRead() {
    String text =
        "events_reactor:\n  Deep:\n    run: [echo]\n    env: {A: x}\nx: " + "[".repeat(48);
    assertThat(problems(() -> RulesLoader.parse("ok.yml", text + "]".repeat(48))))
        .containsExactly("ok.yml:5:1: unknown key \"x\" (known: events_reactor, reactor)");
  }

  @Test
  void duplicateKeysAreLoadErrorsNamingBothLines() {
    String f = "src/test/resources/rules/duplicate-keys.yml";
    assertThat(problems(() -> RulesLoader.load(Path.of(f))))
        .containsExactly(
            f
                + ":3:30: duplicate key \"type\": also at line 3:13 of the same mapping;"
                + " a key may appear once",
            f
                + ":5:1: duplicate key \"events_reactor\": also at line 1:1 of the same mapping;"
                + " a key may appear once");
  }

  @Test
  void aSyntaxErrorAlsoNamesWhereTheOpenConstructBegan() {
    String f = "src/test/resources/rules/open-bracket.yml";
    assertThat(problems(() -> RulesLoader.load(Path.of(f))))
        .singleElement()
        .asString()
        .startsWith(f + ":4:1: YAML syntax error: ")
        .endsWith("(flow sequence started at 3:10)");
  }

  @Test
  void anAliasInsideWhatItNamesIsALoadErrorWithItsLineNotAStackOverflow() {
    String loop =
        "events_reactor:\n  Loop:\n    event: {type: &t [container, *t]}\n    run: [echo]\n";
    String not =
        "events_reactor:\n  Not:\n    event: {actor: {name: &n {not: *n}}}\n    run: [a]\n";

    assertThat(problems(() -> RulesLoader.parse("loop.yml", loop)))
        .containsExactly(
            "loop.yml:3:34: alias *t is inside the mapping or list it names: it would repeat"
                + " without end");
    assertThat(problems(() -> RulesLoader.parse("not.yml", not)))
        .singleElement()
        .asString()
        .startsWith("not.yml:3:36: alias *n is inside");
  }

  /** Three aliases of three aliases of … : 3^12 values from a line of text, a power of three. */
  @Test
  void aliasesThatRepeatMoreThanTheirBudgetAreALoadError() {
    StringBuilder lists = new StringBuilder("&a0 [x, x, x]");
    for (int i = 1; i <= 12; i++) {
      String alias = "*a" + (i - 1);
      lists.append(", &a").append(i).append(" [").append(alias).append(", ").append(alias);
      lists.append(", ").append(alias).append(']');
    }
    String bomb = "events_reactor:\n  Bomb:\n    event: {type: [" + lists + "]}\n    run: [a]\n";

    assertThat(problems(() -> RulesLoader.parse("bomb.yml", bomb)))
        .singleElement()
        .asString()
        .startsWith("bomb.yml:3:")
        .contains("aliases repeat more than 100000 values, mappings and lists in all");
  }

  @Test
  void whatAnAliasRepeatsCountsInTheNesting() {
    String deep = "[".repeat(30) + "x" + "]".repeat(30);
    String text =
        "events_reactor:\n  Deep:\n    run: [a]\nx: &d "
            + deep
            + "\ny: "
            + "[".repeat(25)
            + "*d"
            + "]".repeat(25)
            + "\n";

    assertThat(problems(() -> RulesLoader.parse("deep.yml", text)))
        .containsExactly(
            "deep.yml:5:29: nested deeper than 50 levels of mappings and lists (with what alias *d"
                + " repeats)");
  }

  @Test
  void aliasesOfCommandsAndBlocksAreRead() throws Exception {
    String text =
        """
        events_reactor:
          A: {event: &e {type: container, action: [start, &s restart]}, run: &r [echo, x]}
          B: {event: *e, run: *r}
          C: {event: {action: *s}, run: [echo, *s]}
        """;

    assertThat(RulesLoader.parse("ok.yml", text).rules()).hasSize(3);
  }
}
