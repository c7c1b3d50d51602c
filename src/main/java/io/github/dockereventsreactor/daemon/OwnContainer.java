package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.SelfContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The container the reactor runs in, if any, read once from /proc: actions never touch it. */
final class OwnContainer {

  static final Optional<String> ID =
      SelfContainer.find(
          read("/proc/self/mountinfo"),
          read("/proc/self/cgroup"),
          read("/proc/sys/kernel/hostname"));

  private OwnContainer() {}

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
