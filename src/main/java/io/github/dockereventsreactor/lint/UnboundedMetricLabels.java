package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.Map;

/**
 * A rule metric label drawn from a value that is new for nearly every event or object (an ID, a
 * time, the payload) while the file sets no {@code max_series}: each value is a series, and the
 * default cap folds the rest into {@code other}, where the counts stop meaning anything.
 */
final class UnboundedMetricLabels implements Check {

  private static final Map<String, String> UNBOUNDED =
      Map.of(
          "actor.id", "new for every container, image, network or volume",
          "actor.container", "new for every container",
          "actor.execID", "new for every exec",
          "time", "new every second",
          "time.iso", "new for every event",
          "timeNano", "new for every event",
          "payload", "new for every event");

  @Override
  public void inspect(Findings findings) {
    RulesSource source = findings.source();
    if (source.count("reactor", "metrics", "max_series") > 0) {
      return;
    }
    for (Rule rule : findings.rules().rules()) {
      for (RulesSource.Text label :
          source.texts(RulesSource.inRule(rule.name(), "metric", "labels"))) {
        for (Placeholders.Found placeholder : Placeholders.in(label.text())) {
          String why = UNBOUNDED.get(placeholder.name());
          if (why != null) {
            findings.warnAt(
                rule,
                label.position().at(placeholder.offset()),
                "metric label \""
                    + label.path().get(0)
                    + "\" takes %%"
                    + placeholder.name()
                    + "%%, "
                    + why
                    + ", and reactor.metrics.max_series is not set: past the"
                    + " default cap of 500 series its values fold into \"other\"; label by"
                    + " something bounded, or set max_series");
          }
        }
      }
    }
  }
}
