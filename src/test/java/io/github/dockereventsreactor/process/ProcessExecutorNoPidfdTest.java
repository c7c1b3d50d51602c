package io.github.dockereventsreactor.process;

import java.time.Duration;

/**
 * Every case of {@link ProcessExecutorTest} again through posix_spawn without a pidfd: the exit and
 * the output are waited for by threads of their own, as on a kernel before Linux 5.3.
 */
class ProcessExecutorNoPidfdTest extends ProcessExecutorTest {

  @Override
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, true, false);
  }
}
