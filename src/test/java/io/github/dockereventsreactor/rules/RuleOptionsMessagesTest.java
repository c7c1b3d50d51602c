package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's messages for options that only make sense together, asserted whole. */
class RuleOptionsMessagesTest {

  private static List<String> problems(String rules) {
    try {
      RulesLoader.parse("r.yml", "events_reactor:\n" + rules);
    } catch (InvalidRulesException e) {
      return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }
    throw new AssertionError("loaded without errors:\n" + rules);
  }

  @Test
  void aRuleIsEitherDebouncedOrThrottled() {
    assertThat(
            problems(
                """
                  R:
                    debounce: 1s
                    throttle: {max: 1, per: 1m}
                    run: [echo]
                """))
        .containsExactly(
            "r.yml:4:15: rule \"R\": throttle: a rule is either debounced or throttled, not both");
  }

  @Test
  void aDurationPastWhatADeadlineHoldsIsRefusedWithItsPlace() {
    assertThat(problems("  R:\n    timeout: 999999999h\n    run: [sleep, '1']\n"))
        .containsExactly(
            "r.yml:3:14: rule \"R\": timeout: \"999999999h\" is longer than the longest duration,"
                + " 876000h (100 years)");
  }

  @Test
  void keyNeedsDebounceThrottleOrOrderByKey() {
    assertThat(problems("  R:\n    key: '%%actor.name%%'\n    run: [echo]\n"))
        .containsExactly("r.yml:3:10: rule \"R\": key: only with debounce, throttle or order: key");
  }

  @Test
  void envCwdAndStdinNeedRun() {
    assertThat(
            problems(
                """
                  R:
                    env: {A: b}
                    cwd: /tmp
                    stdin: x
                    webhook: {url: 'http://127.0.0.1:9/'}
                """))
        .containsExactly(
            "r.yml:3:10: rule \"R\": env: only with run",
            "r.yml:4:10: rule \"R\": cwd: only with run",
            "r.yml:5:12: rule \"R\": stdin: only with run");
  }

  @Test
  void aWebhookNeedsAnHttpUrlAndKnownKeys() {
    assertThat(problems("  R:\n    webhook: {method: POST}\n"))
        .containsExactly("r.yml:3:14: rule \"R\": webhook: needs a url");
    assertThat(problems("  R:\n    webhook: {url: 'ftp://x/'}\n"))
        .containsExactly(
            "r.yml:3:20: rule \"R\": webhook url: expected an http:// or https:// URL, found"
                + " \"ftp://x/\"");
    assertThat(problems("  R:\n    webhook: {url: 'http://x/', unknown: 1}\n"))
        .containsExactly(
            "r.yml:3:33: rule \"R\": unknown key \"unknown\" (known: url, method, headers, body,"
                + " timeout, retries, follow_redirects)");
  }

  @Test
  void aFileThatIsNotUtf8IsOneProblemAtItsStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yml");
    Files.write(
        file,
        "events_reactor:\n  Caf\u00e9:\n    run: [echo]\n".getBytes(StandardCharsets.ISO_8859_1));
    try {
      RulesLoader.load(file);
      throw new AssertionError("a Latin-1 file loaded");
    } catch (InvalidRulesException e) {
      assertThat(e.problems())
          .extracting(Problem::toString)
          .containsExactly(file + ":1:1: the file is not UTF-8 text");
    }
  }
}
