package io.github.dockereventsreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The monitoring files of examples/ as a test uses them: the alert rules with every window and
 * {@code for:} shortened (minutes become seconds), the scrape config pointed at the test's ports
 * and scraping every second, and the dashboard's PromQL expressions.
 */
final class MonitoringExamples {

  static final Path DIR = Path.of("examples");
  static final String ALERTS = "prometheus-alerts.yml";
  static final String SCRAPE = "prometheus-scrape.yml";
  static final String DASHBOARD = "grafana-dashboard.json";

  /** A duration of PromQL or of a rule's {@code for:}, where the rules file has them. */
  private static final Pattern DURATION = Pattern.compile("(\\[|offset |for: )(\\d+)([smh])\\b");

  private MonitoringExamples() {}

  /** The example alert rules with each duration 60 times shorter: 10m becomes 10s, 1h 60s. */
  static String shortenedAlerts() throws IOException {
    String text = Files.readString(DIR.resolve(ALERTS));
    Matcher m = DURATION.matcher(text);
    StringBuilder out = new StringBuilder();
    int count = 0;
    while (m.find()) {
      long seconds =
          Long.parseLong(m.group(2))
              * switch (m.group(3)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
              };
      if (seconds % 60 != 0) {
        throw new AssertionError(
            "a duration of whole minutes expected in " + ALERTS + ": " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + seconds / 60 + "s"));
      count++;
    }
    m.appendTail(out);
    if (count == 0) {
      throw new AssertionError("no duration found to shorten in " + ALERTS);
    }
    return out.toString();
  }

  /**
   * The example scrape config with its targets replaced by these loopback ports, scraping and
   * evaluating every second; its rule_files name the same file, to be written beside it.
   */
  @SuppressWarnings("unchecked")
  static String scrapeConfig(List<Integer> ports) throws IOException {
    Map<String, Object> config =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DIR.resolve(SCRAPE)));
    List<String> targets = new ArrayList<>();
    ports.forEach(p -> targets.add("127.0.0.1:" + p));
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      job.put("scrape_interval", "1s");
      job.put("static_configs", List.of(Map.of("targets", targets)));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    result.putAll(config);
    return new Dump(DumpSettings.builder().build()).dumpToString(result);
  }

  /** A dashboard query: its PromQL and the labels its legend names ({@code {{rule}}}). */
  record Target(String expr, List<String> legendLabels) {}

  private static final Pattern LEGEND_LABEL =
      Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

  /** Every query of the dashboard's panels, rows' panels included. */
  static List<Target> dashboardTargets() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DIR.resolve(DASHBOARD)));
    List<Target> targets = new ArrayList<>();
    collect(dashboard.path("panels"), targets);
    return targets;
  }

  private static void collect(JsonNode panels, List<Target> targets) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        List<String> labels = new ArrayList<>();
        Matcher m = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
        while (m.find()) {
          labels.add(m.group(1));
        }
        targets.add(new Target(target.path("expr").asText(), labels));
      }
      collect(panel.path("panels"), targets);
    }
  }
}
