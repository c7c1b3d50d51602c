package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test}'s report and exit statuses: 0 all passed, 1 a failure, 2 a broken file. */
class TestCommandTest {

  private static final Path PASSING = Path.of("src/test/resources/ruletest/passing.test.yml");

  @TempDir Path dir;

  private record Ran(int status, String out, String err) {}

  private static Ran test(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "test";
    System.arraycopy(args, 0, all, 1, args.length);
    int status =
        ReactorCommand.commandLine(all)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(all);
    return new Ran(status, out.toString(), err.toString());
  }

  @Test
  void allPassedExitsZeroAndListsEachCase() {
    Ran ran = test(PASSING.toString());
    assertThat(ran.status()).isZero();
    assertThat(ran.out())
        .contains("  ok    a burst of health events runs once, two seconds after the last\n")
        .endsWith("6 case(s) in 1 file(s): 6 passed, 0 failed\n");
  }

  @Test
  void aFailureExitsOneWithTheCasesPositionAndDiff() throws Exception {
    Files.copy(PASSING.resolveSibling("rules.yml"), dir.resolve("rules.yml"));
    Path file =
        Files.writeString(
            dir.resolve("f.test.yml"),
            Files.readString(PASSING).replace("run: [page, web]}\n", "run: [page, db]}\n"));
    Ran ran = test(file.toString(), "--junit", dir.resolve("j.xml").toString());
    assertThat(ran.status()).isEqualTo(1);
    assertThat(ran.out())
        .contains("  FAIL  OOMs page once a minute, the next minute again (" + file + ":57)\n")
        .contains("          -       \"db\"\n          +       \"web\"\n")
        .endsWith("6 case(s) in 1 file(s): 5 passed, 1 failed\n");
    assertThat(dir.resolve("j.xml")).exists();
  }

  @Test
  void aBrokenFileExitsTwoWithItsPosition() throws Exception {
    Path file = Files.writeString(dir.resolve("b.test.yml"), "rules: r.yml\ncases: {}\n");
    Ran ran = test(PASSING.toString(), file.toString());
    assertThat(ran.status()).isEqualTo(2);
    assertThat(ran.err())
        .contains(file + ":1:8: rules file " + dir.toAbsolutePath().resolve("r.yml"))
        .contains(file + ":2:8: cases: expected a list, found a mapping\n")
        .contains(file + ": broken test file, not run\n");
  }

  @Test
  void helpSaysWhatItDoesAndItsExitStatuses() {
    Ran ran = test("--help");
    assertThat(ran.status()).isZero();
    assertThat(ran.out())
        .contains("Usage: docker-events-reactor test")
        .contains("--junit=FILE")
        .contains("Exit status: 0 when every case passed, 1 when one failed");
  }
}
