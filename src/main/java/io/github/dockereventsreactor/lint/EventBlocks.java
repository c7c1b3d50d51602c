package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule's {@code event:} blocks as written: the plain strings given for a key (a value or a list
 * of values), which the checks can name and place; operators ({@code glob}, {@code not}, …) make a
 * key's values unknown.
 */
final class EventBlocks {

  private EventBlocks() {}

  /** How many match blocks the rule has: 0 when it has no {@code event:} (every event). */
  static int count(RulesSource source, Rule rule) {
    return source.count(RulesSource.inRule(rule.name(), "event"));
  }

  /** The strings given for the key in the block; empty when the key is absent or uses operators. */
  static Optional<List<RulesSource.Text>> values(
      RulesSource source, Rule rule, int block, String key) {
    List<RulesSource.Text> texts =
        source.texts(RulesSource.inRule(rule.name(), "event", block, key));
    List<RulesSource.Text> plain = new ArrayList<>();
    for (RulesSource.Text text : texts) {
      if (text.path().size() > 1
          || (text.path().size() == 1 && !(text.path().get(0) instanceof Integer))) {
        return Optional.empty();
      }
      plain.add(text);
    }
    return plain.isEmpty() ? Optional.empty() : Optional.of(plain);
  }

  /**
   * Every type the rule can match, when each of its blocks names its types as plain strings; empty
   * when some block accepts any type.
   */
  static Optional<List<String>> types(RulesSource source, Rule rule) {
    int blocks = count(source, rule);
    if (blocks == 0) {
      return Optional.empty();
    }
    List<String> types = new ArrayList<>();
    for (int block = 0; block < blocks; block++) {
      Optional<List<RulesSource.Text>> values = values(source, rule, block, "type");
      if (values.isEmpty()) {
        return Optional.empty();
      }
      values.get().forEach(v -> types.add(v.text()));
    }
    return Optional.of(types);
  }
}
