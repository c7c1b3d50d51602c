package io.github.dockereventsreactor.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys each matcher gives the rule index: a set only where the matcher is closed. */
class IndexKeysTest {

  @Test
  void anExactValueIsItsOwnKeyAndAnExactActionKeysByItsVerb() {
    ValueMatcher exact = new ValueMatcher.Exact("health_status: healthy");
    assertThat(exact.indexKeys(false)).contains(Set.of("health_status: healthy"));
    assertThat(exact.indexKeys(true)).contains(Set.of("health_status"));
  }

  @Test
  void anActionWithDetailKeysByItsVerbOnly() {
    ValueMatcher action = new ValueMatcher.ActionWithDetail("exec_start");
    assertThat(action.indexKeys(true)).contains(Set.of("exec_start"));
    assertThat(action.indexKeys(false)).isEmpty();
  }

  @Test
  void aListIsTheUnionOfItsKeysAndOpenWhenOneAlternativeIs() throws Exception {
    ValueMatcher closed =
        new ValueMatcher.AnyOf(
            List.of(new ValueMatcher.Exact("start"), new ValueMatcher.ActionWithDetail("die")));
    ValueMatcher open =
        new ValueMatcher.AnyOf(
            List.of(new ValueMatcher.Exact("start"), ValueMatcher.Glob.of("d*")));
    assertThat(closed.indexKeys(true)).contains(Set.of("start", "die"));
    assertThat(open.indexKeys(true)).isEmpty();
  }

  @Test
  void operatorsAreOpen() throws Exception {
    List<ValueMatcher> operators =
        List.of(
            ValueMatcher.Glob.of("web-*"),
            new ValueMatcher.Regex(Pattern.compile("web-\\d+")),
            new ValueMatcher.Not(new ValueMatcher.Exact("web")),
            new ValueMatcher.Exists(true));
    for (ValueMatcher operator : operators) {
      assertThat(operator.indexKeys(false)).as(operator.describe()).isEqualTo(Optional.empty());
      assertThat(operator.indexKeys(true)).as(operator.describe()).isEqualTo(Optional.empty());
    }
  }
}
