package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The monitoring examples as Prometheus's own tool reads them: syntax, config and rule tests. */
class PromtoolIT {

  private static final Path EXAMPLES = MonitoringExamples.DIR;

  @Test
  void theAlertRulesAndTheScrapeConfigAreValid() throws Exception {
    assertThat(promtool("check", "rules", "prometheus-alerts.yml"))
        .contains("SUCCESS: 7 rules found");
    assertThat(promtool("check", "config", "prometheus-scrape.yml"))
        .contains("is valid prometheus config file syntax");
  }

  @Test
  void theAlertRuleTestsPass() throws Exception {
    assertThat(promtool("test", "rules", "prometheus-alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws Exception {
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : list(yaml(MonitoringExamples.ALERTS).get("groups"))) {
      list(group.get("rules")).forEach(r -> alerts.add((String) r.get("alert")));
    }
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (Map<String, Object> test : list(yaml("prometheus-alerts.test.yml").get("tests"))) {
      for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
        String name = (String) check.get("alertname");
        (list(check.get("exp_alerts")).isEmpty() ? silent : firing).add(name);
      }
    }
    assertThat(alerts).hasSize(7);
    assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
    assertThat(silent).as("alerts tested not firing").isEqualTo(alerts);
  }

  @Test
  void theDashboardShowsEachAlertsSignal() throws Exception {
    Pattern selector =
        Pattern.compile("\\b(?:docker_[a-z_]+|reactor_[a-z_]+|up)\\b(?:\\{[^}]*\\})?");
    List<String> panels = new ArrayList<>();
    MonitoringExamples.dashboardTargets().forEach(t -> panels.add(t.expr()));
    for (Map<String, Object> group : list(yaml(MonitoringExamples.ALERTS).get("groups"))) {
      for (Map<String, Object> rule : list(group.get("rules"))) {
        Matcher m = selector.matcher((String) rule.get("expr"));
        assertThat(m.find()).as("a selector in %s", rule.get("alert")).isTrue();
        do {
          String series = m.group();
          assertThat(panels)
              .as("a dashboard panel for %s (%s)", rule.get("alert"), series)
              .anyMatch(e -> e.contains(series));
        } while (m.find());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws Exception {
    return (Map<String, Object>)
        new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(EXAMPLES.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object node) {
    return node == null ? List.of() : (List<Map<String, Object>>) node;
  }

  /**
   * Runs promtool in the examples' folder (rule_files are relative to it); fails on its failure.
   */
  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(EXAMPLES.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }
}
