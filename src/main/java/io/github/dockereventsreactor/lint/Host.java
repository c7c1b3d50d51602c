package io.github.dockereventsreactor.lint;

import java.util.Optional;

/** The machine as the daemon will see it: the port through which the lint asks about commands. */
public interface Host {

  /** The user the daemon runs as. */
  String user();

  /** True when that user is root. */
  boolean root();

  /** Where {@code NoNewPrivileges=yes} applies to the daemon (a unit file), or empty. */
  Optional<String> noNewPrivileges();

  /**
   * The {@code User=} the installed unit runs the daemon as, when {@link #user} is this process's
   * own and not the unit's: {@code check} run as root at a shell judges a daemon that runs as the
   * unit's user. Empty without a unit that names one, or for a user asked for ({@code --as}).
   */
  default Optional<String> unitUser() {
    return Optional.empty();
  }

  /**
   * The maximum heap of the daemon: {@code check} runs under the same launcher and flags, so its
   * own maximum is the daemon's.
   */
  default long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /** What running a command of this name would find. */
  Command command(String name);

  /** A command as {@code execve} through {@code PATH} would find it. */
  sealed interface Command {

    /** A message when the command cannot start, or empty when it can. */
    Optional<String> problem();

    /** An executable file. */
    record Executable(String path) implements Command {
      @Override
      public Optional<String> problem() {
        return Optional.empty();
      }
    }

    /** No file of that name (on {@code PATH}, or at that path). */
    record NotFound(String where) implements Command {
      @Override
      public Optional<String> problem() {
        return Optional.of("not found " + where);
      }
    }

    /** A file the user may not execute. */
    record NotExecutable(String path, String user) implements Command {
      @Override
      public Optional<String> problem() {
        return Optional.of(path + " is not executable by " + user);
      }
    }
  }
}
