package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code type} that neither Docker nor Podman sends, or an {@code action} its type never has (a
 * typo waits for ever), with the closest known word.
 */
final class KnownEvents implements Check {

  @Override
  public void inspect(Findings findings) {
    RulesSource source = findings.source();
    for (Rule rule : findings.rules().rules()) {
      for (int block = 0; block < EventBlocks.count(source, rule); block++) {
        List<String> knownTypes = new ArrayList<>();
        Optional<List<RulesSource.Text>> types = EventBlocks.values(source, rule, block, "type");
        for (RulesSource.Text type : types.orElse(List.of())) {
          if (EventCatalog.types().contains(type.text())) {
            knownTypes.add(type.text());
          } else {
            findings.warnAt(
                rule,
                type.position(),
                "type: \""
                    + type.text()
                    + "\" is not an event type of Docker or Podman"
                    + suggestion(type.text(), EventCatalog.types()));
          }
        }
        // With an unknown type among them, any action may be meant.
        boolean allKnown = types.isPresent() && knownTypes.size() == types.get().size();
        if (types.isPresent() && !allKnown) {
          continue;
        }
        Set<String> actions = EventCatalog.actions(knownTypes);
        for (RulesSource.Text action :
            EventBlocks.values(source, rule, block, "action").orElse(List.of())) {
          String verb = action.text().split(":", 2)[0].strip();
          if (!actions.contains(verb)) {
            findings.warnAt(
                rule,
                action.position(),
                "action: \""
                    + verb
                    + "\" "
                    + (knownTypes.isEmpty()
                        ? "is not an action of any Docker or Podman event"
                        : "never comes with type " + String.join(" or ", knownTypes))
                    + suggestion(verb, actions));
          }
        }
      }
    }
  }

  private static String suggestion(String word, Set<String> known) {
    return EventCatalog.closest(word, known)
        .map(c -> " (did you mean \"" + c + "\"?)")
        .orElse(" (known: " + String.join(", ", known) + ")");
  }
}
