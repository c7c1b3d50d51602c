package io.github.dockereventsreactor.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PosixSpawnTest {

  /**
   * The machines this runs on (Debian 12, glibc 2.36) offer every function the fast path needs:
   * were it lost, commands would quietly fall back to the slower JDK spawn and setsid.
   */
  @Test
  void glibcOffersWhatTheFastPathNeeds() {
    assertThat(PosixSpawn.LIBC).isPresent();
  }
}
