package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleMetric;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.Map;

/**
 * A rule metric named with a needless {@code _total}, or whose labels Prometheus owns (a name in
 * the reactor's own namespaces is already a load error): the scrape renames {@code job} and {@code
 * instance} to {@code exported_…}, histograms and summaries own {@code le} and {@code quantile},
 * and {@code __} names are Prometheus's.
 */
final class MetricCollisions implements Check {

  private static final Map<String, String> OWNED_LABELS =
      Map.of(
          "job", "Prometheus sets job on every scraped series and renames this one exported_job",
          "instance",
              "Prometheus sets instance on every scraped series and renames this one exported_instance",
          "le", "le is the bucket label of histograms",
          "quantile", "quantile is the label of summaries");

  @Override
  public void inspect(Findings findings) {
    for (Rule rule : findings.rules().rules()) {
      if (rule.metric().isEmpty()) {
        continue;
      }
      RuleMetric metric = rule.metric().get();
      if (metric.name().endsWith("_total")) {
        findings.warn(
            rule,
            "metric: \""
                + metric.name()
                + "\" is served as "
                + metric.name()
                + "_total: leave _total out",
            "metric",
            "name");
      }
      for (String label : metric.labels().keySet()) {
        String why =
            label.startsWith("__")
                ? "names starting with __ are Prometheus's own"
                : OWNED_LABELS.get(label);
        if (why != null) {
          findings.warnAt(
              rule,
              findings
                  .source()
                  .key(RulesSource.inRule(rule.name(), "metric", "labels", label))
                  .orElseThrow(),
              "metric label \"" + label + "\": " + why + "; pick another name");
        }
      }
    }
  }
}
