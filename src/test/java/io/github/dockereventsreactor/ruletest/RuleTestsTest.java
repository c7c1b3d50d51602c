package io.github.dockereventsreactor.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test files run through the rules as replay runs them: a passing file, each kind of expectation
 * failing with a diff that names what differs, time advancing through debounce, throttle and
 * batches, and a broken file reported at its position.
 */
class RuleTestsTest {

  private static final Path DIR = Path.of("src/test/resources/ruletest");

  @TempDir Path dir;

  /** The passing file with one text replaced, beside its rules. */
  private FileResult runChanged(String from, String to) throws Exception {
    String passing = Files.readString(DIR.resolve("passing.test.yml"));
    assertThat(passing).contains(from);
    Files.copy(DIR.resolve("rules.yml"), dir.resolve("rules.yml"));
    Path file = Files.writeString(dir.resolve("changed.test.yml"), passing.replace(from, to));
    return RuleTests.run(file);
  }

  private static List<String> failures(FileResult result) {
    assertThat(result.broken()).isEmpty();
    return result.cases().stream().flatMap(c -> c.failure().stream()).toList();
  }

  @Test
  void everyKindOfExpectationPassesWhenTheRulesDoWhatItSays() {
    FileResult result = RuleTests.run(DIR.resolve("passing.test.yml"));
    assertThat(result.broken()).isEmpty();
    assertThat(result.cases()).hasSize(6).allSatisfy(c -> assertThat(c.failure()).isEmpty());
    assertThat(result.passed()).isTrue();
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        // argv: the one argument that differs, on its own line
        Arguments.of(
            "run: [docker, restart, web]",
            "run: [docker, stop, web]",
            List.of(
                "rule \"Restart\" (- expected, + actual):",
                "-     \"stop\",",
                "+     \"restart\",")),
        Arguments.of(
            "env: {EXIT_CODE: \"137\"}",
            "env: {EXIT_CODE: \"0\"}",
            List.of("-   env: {\"EXIT_CODE\":\"0\"}", "+   env: {\"EXIT_CODE\":\"137\"}")),
        Arguments.of(
            "exitCode: \"137\"}},\n",
            "exitCode: \"1\"}},\n",
            List.of("-       \"exitCode\" : \"1\"", "+       \"exitCode\" : \"137\"")),
        Arguments.of("method: POST", "method: PUT", List.of("-   method: PUT", "+   method: POST")),
        Arguments.of(
            "url: http://127.0.0.1:9/hook/api",
            "url: http://127.0.0.1:9/hook/web",
            List.of(
                "-   url: http://127.0.0.1:9/hook/web", "+   url: http://127.0.0.1:9/hook/api")),
        Arguments.of(
            "headers: {x-container: api}",
            "headers: {X-Container: web}",
            List.of("-   header x-container: web", "+   header x-container: api")),
        // a JSON body compared as JSON: the member that differs
        Arguments.of(
            "body: {text: 'api started: \", \"channel\": \"#general'}",
            "body: {text: 'api started: \", \"channel\": \"#general', channel: '#general'}",
            List.of("-     \"channel\" : \"#general\",")),
        Arguments.of(
            "subject: docker.start.api",
            "subject: docker.start.web",
            List.of("-   subject: docker.start.web", "+   subject: docker.start.api")),
        Arguments.of(
            "body: '{\"name\": \"api\"}'",
            "body: '{\"name\": \"web\"}'",
            List.of("-     \"name\" : \"web\"", "+     \"name\" : \"api\"")),
        Arguments.of(
            "metric: container_events_total{action=\"start\"}",
            "metric: container_events_total{action=\"die\"}",
            List.of(
                "- - metric: container_events_total{action=\"die\"}",
                "+ - metric: container_events_total{action=\"start\"}")),
        Arguments.of(
            "skipped: \"no inspect document\"",
            "run: [register, gone, 172.17.0.10]",
            List.of(
                "- event: 2",
                "-   run:",
                "+   skipped: %%ip%%: the case has no inspect document"
                    + " for container gone (add one under inspect:)")),
        // what must not happen: debounced, throttled, batched together
        Arguments.of(
            "{rule: Settle, event: 2, debounced: true}",
            "{rule: Settle, event: 2, run: [settle, web]}",
            List.of("-   run:", "+   debounced: true")),
        Arguments.of(
            "{rule: Page, event: 2, throttled: true}",
            "{rule: Page, event: 2, run: [page, web]}",
            List.of("+   throttled: true")),
        Arguments.of(
            "events: [1, 2, 3], at: 200ms",
            "events: [1, 2], at: 200ms",
            List.of("- - event: 1, 2", "+ - event: 1, 2, 3")),
        Arguments.of(
            "event: 3, at: 4500ms",
            "event: 3, at: 2500ms",
            List.of("-   at: +2500ms", "+   at: +4500ms")),
        // an action the case does not expect is a failure: it must not happen
        Arguments.of(
            "      - {rule: Page, event: 3, run: [page, web]}\n",
            "",
            List.of("rule \"Page\" (- expected, + actual):", "+ - event: 3", "+ run:")),
        Arguments.of(
            "{rule: Page, event: 1,",
            "{rule: Pager, event: 1,",
            List.of("no rule \"Pager\" in the rules under test (line 64)")));
  }

  @ParameterizedTest
  @MethodSource("changes")
  void aDifferenceFailsTheCaseWithADiffOfIt(String from, String to, List<String> lines)
      throws Exception {
    FileResult result = runChanged(from, to);
    assertThat(result.passed()).isFalse();
    assertThat(result.cases().stream().filter(c -> !c.passed())).hasSize(1);
    List<String> failure = failures(result).stream().map(RuleTestsTest::spaced).toList();
    for (String line : lines) {
      assertThat(failure)
          .as(String.join("\n", failure))
          .anySatisfy(l -> assertThat(l).startsWith(spaced(line)));
    }
  }

  /**
   * A line with its runs of white space as one space: indentation is the diff's, not the test's.
   */
  private static String spaced(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  @Test
  void aJsonBodyIsComparedAsJsonNotAsText() throws Exception {
    FileResult result = runChanged("body: '{\"name\": \"api\"}'", "body: '{ \"name\" :\"api\" }'");
    assertThat(failures(result)).isEmpty();
  }

  @Test
  void aBrokenFileIsReportedAtEachProblemsLineAndColumn() throws Exception {
    Files.copy(DIR.resolve("rules.yml"), dir.resolve("rules.yml"));
    Path file =
        Files.writeString(
            dir.resolve("broken.test.yml"),
            """
            rules: [rules.yml, missing.yml]
            cases:
              - name: one
                events:
                  - {Type: container, at: soon}
                expect:
                  - {rule: Restart, run: [x], webhook: {}}
                  - {rule: Restart, event: first, skipped: true}
                  - {rule: Restart, runs: [x]}
            """);
    FileResult result = RuleTests.run(file);
    assertThat(result.cases()).isEmpty();
    assertThat(result.broken())
        .containsExactly(
            file
                + ":1:20: rules file "
                + dir.toAbsolutePath().resolve("missing.yml")
                + " does not exist (paths are relative to the test file)",
            file
                + ":5:31: at: \"soon\" is not a duration: write a whole number and a unit, as"
                + " 500ms, 2s, 1m, 1h",
            file
                + ":7:9: an expectation needs one of run, webhook, nats, container, metric,"
                + " skipped, debounced, throttled, not run and webhook",
            file + ":8:32: expected an event's number in the case, from 1, found \"first\"",
            file
                + ":9:25: unknown key \"runs\" (known: rule, event, events, at, run, env, cwd,"
                + " stdin, webhook, nats, container, metric, skipped, debounced, throttled)");
  }

  @Test
  void rulesThatDoNotLoadFailEveryCaseWithTheirProblems() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), "events_reactor:\n  X:\n    run: [\"%%ipp%%\"]\n");
    Path file =
        Files.writeString(
            dir.resolve("t.test.yml"),
            """
            rules: rules.yml
            cases:
              - name: one
                events: [{Type: container, Action: start}]
                expect: []
            """);
    FileResult result = RuleTests.run(file);
    assertThat(result.broken()).isEmpty();
    assertThat(result.cases())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.failure())
                    .first()
                    .asString()
                    .startsWith(
                        dir.resolve("rules.yml")
                            + ":3:12: rule \"X\": unknown placeholder %%ipp%%"));
  }

  @Test
  void aRecordedFileGivesTheEventsAtTheirOwnTimes() throws Exception {
    Files.copy(DIR.resolve("rules.yml"), dir.resolve("rules.yml"));
    Files.writeString(
        dir.resolve("events.jsonl"),
        """
        {"Type":"container","Action":"oom","Actor":{"ID":"c","Attributes":{"name":"w"}},"time":1700000000,"timeNano":1700000000000000000}
        {"Type":"container","Action":"oom","Actor":{"ID":"c","Attributes":{"name":"w"}},"time":1700000090,"timeNano":1700000090000000000}
        """);
    Path file =
        Files.writeString(
            dir.resolve("t.test.yml"),
            """
            rules: rules.yml
            cases:
              - name: recorded
                events_file: events.jsonl
                only: [Page]
                expect:
                  - {rule: Page, event: 1, at: 0s, run: [page, w]}
                  - {rule: Page, event: 2, at: 90s, run: [page, w]}
            """);
    assertThat(failures(RuleTests.run(file))).isEmpty();
  }
}
