package io.github.dockereventsreactor.process;

import java.time.Duration;

/**
 * Every case of {@link ProcessGroupTest} again through posix_spawn without a pidfd, as on a kernel
 * before Linux 5.3.
 */
class ProcessGroupNoPidfdTest extends ProcessGroupTest {

  @Override
  ProcessExecutor executor(Duration killGrace) {
    return new ProcessExecutor(killGrace, true, false);
  }
}
