package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.List;
import java.util.Optional;

/**
 * {@code %%ip%%}, {@code %%ip.NET%%} or {@code %%container.…%%} in a rule whose events are never a
 * container's: only container events have an inspect document, so the action is skipped every time.
 */
final class ContainerPlaceholders implements Check {

  @Override
  public void inspect(Findings findings) {
    RulesSource source = findings.source();
    for (Rule rule : findings.rules().rules()) {
      Optional<List<String>> types = EventBlocks.types(source, rule);
      if (types.isEmpty() || types.get().contains("container")) {
        continue;
      }
      for (RulesSource.Text text : source.texts(RulesSource.inRule(rule.name()))) {
        if (text.path().get(0).equals("event")) {
          continue;
        }
        for (Placeholders.Found placeholder : Placeholders.in(text.text())) {
          if (!placeholder.hasDefault() && fromContainer(placeholder.name())) {
            findings.warnAt(
                rule,
                text.position().at(placeholder.offset()),
                "%%"
                    + placeholder.name()
                    + "%% never has a value on "
                    + String.join(" or ", types.get())
                    + " events (only container events have one): the action is skipped every time");
          }
        }
      }
    }
  }

  private static boolean fromContainer(String name) {
    return name.equals("ip") || name.startsWith("ip.") || name.startsWith("container.");
  }
}
