package io.github.dockereventsreactor.process;

import java.time.Duration;

/**
 * Every case of {@link ProcessGroupTest} again through the JDK's spawn and setsid, the fallback.
 */
class ProcessGroupJdkSpawnTest extends ProcessGroupTest {

  @Override
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, false);
  }
}
