package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutputRulesTest {

  private static Action.Exec exec(String options) throws Exception {
    return (Action.Exec)
        RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    run: [x]\n" + options)
            .rules()
            .get(0)
            .actions()
            .get(0);
  }

  private static String problems(String options) {
    return catchThrowableOfType(InvalidRulesException.class, () -> exec(options))
        .problems()
        .stream()
        .map(Problem::toString)
        .collect(Collectors.joining("\n"));
  }

  @Test
  void outputLimitsDefaultTo10000LinesOneMebibyteAnd4KibALine() throws Exception {
    assertThat(exec("").output()).isEqualTo(new OutputLimits(10_000, 1_048_576, 4096));
  }

  @Test
  void aRuleSetsItsOwnOutputLimits() throws Exception {
    Action.Exec exec = exec("    output: {lines: 0, bytes: 64KiB, line_bytes: 1KiB}\n");

    assertThat(exec.output()).isEqualTo(new OutputLimits(0, 65_536, 1024));
    assertThat(exec.describe())
        .isEqualTo("run [\"x\"] (output 0 lines, 65536 bytes, 1024 bytes a line)");
  }

  @Test
  void badOutputLimitsAndEnvironmentNamesAreLoadErrors() {
    assertThat(
            problems("    output: {bytes: 2GiB, lines: -1, lines_max: 3}\n    env: {\"A=B\": x}\n"))
        .isEqualTo(
            "r.yml:4:21: rule \"r\": output bytes: expected a size from 1 byte to 1073741824 bytes,"
                + " as 4096, 4KiB or 1MiB, found \"2GiB\"\n"
                + "r.yml:4:34: rule \"r\": output lines: expected a whole number from 0 to 10000000,"
                + " found \"-1\"\n"
                + "r.yml:4:38: rule \"r\": unknown key \"lines_max\" (known: lines, bytes, line_bytes)\n"
                + "r.yml:5:11: rule \"r\": env: \"A=B\" is not a variable name (no '=', no NUL)");
  }
}
