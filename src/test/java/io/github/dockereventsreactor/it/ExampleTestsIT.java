package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rules example ships with a test file, and they all pass through the built jar's {@code
 * test}, with the JUnit report a CI would read.
 */
class ExampleTestsIT {

  /** Not a rules file: Prometheus's alerting rules, tested by promtool (PromtoolIT). */
  private static final Path PROMETHEUS = Path.of("examples/prometheus-alerts.yml");

  @TempDir Path dir;

  @Test
  void everyRulesExampleHasATestFileAndTheyAllPass() throws Exception {
    List<String> tests = new ArrayList<>();
    List<Path> untested = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("examples"))) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".test.yml")
            && !file.equals(PROMETHEUS.resolveSibling("prometheus-alerts.test.yml"))) {
          tests.add(file.toString());
        } else if (name.endsWith(".yml")
            && Files.readString(file).contains("events_reactor:")
            && !Files.exists(file.resolveSibling(name.replaceFirst("\\.yml$", ".test.yml")))) {
          untested.add(file);
        }
      }
    }
    assertThat(untested).as("rules examples without a test file").isEmpty();
    assertThat(tests).hasSizeGreaterThanOrEqualTo(14);

    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-jar",
                ReactorProcess.JAR.toString(),
                "test",
                "--junit",
                dir.resolve("junit.xml").toString()));
    command.addAll(tests);
    Process test = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output =
        new String(test.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(test.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(test.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("FAIL").contains(" 0 failed");
    assertThat(Files.readString(dir.resolve("junit.xml")))
        .contains("failures=\"0\"")
        .doesNotContain("<failure");
  }
}
