package io.github.dockereventsreactor.process;

import java.time.Duration;

/**
 * Every case of {@link ProcessExecutorTest} again through the JDK's spawn and setsid, the fallback.
 */
class ProcessExecutorJdkSpawnTest extends ProcessExecutorTest {

  @Override
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, false);
  }
}
