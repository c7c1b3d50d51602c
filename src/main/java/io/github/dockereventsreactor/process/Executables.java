package io.github.dockereventsreactor.process;

import java.io.File;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds a command as execvp(3) will, on the command's own PATH: setsid runs it, so a missing
 * command would otherwise show only as setsid's exit status 127.
 */
final class Executables {

  private Executables() {}

  /**
   * The path to execute for {@code command}, or empty when it cannot be run: the name itself when
   * it holds a slash, else the first match on PATH; a relative one is looked up from {@code
   * directory} (the command's working directory, null for the reactor's), as the child does.
   */
  static Optional<String> located(String command, @Nullable String path, @Nullable File directory) {
    if (command.isEmpty()) {
      return Optional.empty();
    }
    if (command.indexOf('/') >= 0) {
      return why(at(directory, command)).isEmpty() ? Optional.of(command) : Optional.empty();
    }
    return found(command, searched(path), directory);
  }

  /** Why {@link #located} found nothing for {@code command}. */
  static String missing(String command, @Nullable String path, @Nullable File directory) {
    if (command.isEmpty()) {
      return "an empty command name";
    }
    if (command.indexOf('/') >= 0) {
      return why(at(directory, command)).orElse("not found");
    }
    return "No such file or directory (not found on PATH " + searched(path) + ")";
  }

  private static String searched(@Nullable String path) {
    return path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
  }

  private static Optional<String> found(String command, String dirs, @Nullable File directory) {
    for (String dir : dirs.split(":", -1)) {
      String candidate = (dir.isEmpty() ? "." : dir) + "/" + command;
      if (why(at(directory, candidate)).isEmpty()) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static File at(@Nullable File directory, String path) {
    return path.startsWith("/") || directory == null ? new File(path) : new File(directory, path);
  }

  private static Optional<String> why(File file) {
    if (!file.exists()) {
      return Optional.of("No such file or directory");
    }
    if (file.isDirectory() || !file.canExecute()) {
      return Optional.of("Permission denied");
    }
    return Optional.empty();
  }
}
