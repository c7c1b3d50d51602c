package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySetTest {

  @Test
  void behavesAsAHashSetUnderAnyMixOfAddsAndRemovesGrowingAndShrinking() {
    Random random = new Random(21);
    KeySet keys = new KeySet();
    Set<String> expected = new HashSet<>();
    for (int round = 0; round < 200_000; round++) {
      // Few distinct keys collide in a small table; the phases grow it, then empty it again.
      int range = round < 100_000 ? 20_000 : 50;
      String key = "actor-" + random.nextInt(range);
      if (random.nextInt(3) > 0 && round < 100_000) {
        assertThat(keys.add(key)).isEqualTo(expected.add(key));
      } else {
        keys.remove(key);
        expected.remove(key);
      }
      assertThat(keys.size()).isEqualTo(expected.size());
    }
    for (int i = 0; i < 20_000; i++) {
      assertThat(keys.contains("actor-" + i)).isEqualTo(expected.contains("actor-" + i));
    }
  }
}
