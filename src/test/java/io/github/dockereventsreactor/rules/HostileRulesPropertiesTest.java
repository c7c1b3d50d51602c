package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * Any text, however broken or hostile, is rules or an InvalidRulesException: never another
 * throwable.
 */
class HostileRulesPropertiesTest {

  private static final String RULE =
      "events_reactor:\n  r:\n    event: {type: container}\n    run: [echo, ";

  @Property(tries = 1000)
  void yamlPunctuationLoadsOrFailsAsInvalidRules(
      @ForAll
          @StringLength(max = 2000)
          @Chars({
            '[', ']', '{', '}', ':', ',', '-', '#', '&', '*', '!', '|', '>', '\'', '"', '\n', ' ',
            '%', '@', '`', '?', '<', '=', '\\', '\t', 'a', '0', '.', '\u0000', '\u00e9', '\ufeff'
          })
          String text) {
    load(text);
    load(RULE + text);
  }

  @Property(tries = 300)
  void anyCharactersLoadOrFailAsInvalidRules(
      @ForAll @StringLength(max = 500) @CharRange(from = '\u0000', to = '\uffff') String text) {
    load(RULE + text + "]\n");
  }

  /** Rules, or an InvalidRulesException with a problem; any other throwable fails the property. */
  private static void load(String text) {
    try {
      RulesLoader.parse("fuzz.yml", text);
    } catch (InvalidRulesException e) {
      assertThat(e.problems()).isNotEmpty();
    }
  }
}
