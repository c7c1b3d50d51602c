package io.github.dockereventsreactor.process;

import com.sun.jna.Native;
import io.github.dockereventsreactor.core.ErrorWords;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process group of a command started by {@code setsid}: its id is the command's PID, and it
 * holds whatever the command started that did not leave with its own {@code setsid}. Signalled as
 * one with {@code kill(-pgid)} through libc (JNA), which no Java API offers.
 */
final class ProcessGroup {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  private static final long POLL_MS = 20;
  private static final boolean LIBC = load();

  private final long id;

  ProcessGroup(long id) {
    this.id = id;
  }

  /**
   * libc's kill(2), direct-mapped and without errno: every command's exit asks whether its group is
   * gone, and an interface-mapped call goes through a proxy and reflection, and its error (ESRCH,
   * the usual answer) through an exception with its stack trace.
   */
  private static final class Calls {
    private Calls() {}

    static native int kill(int pid, int signal);
  }

  private static boolean load() {
    try {
      Native.register(Calls.class, "c");
      return true;
    } catch (LinkageError | RuntimeException e) {
      LOG.warn(
          "cannot load libc through JNA ({}): what a command leaves behind is not killed",
          ErrorWords.message(e));
      return false;
    }
  }

  /**
   * Whether a member still runs. A zombie does not count: orphans go to PID 1, which does not
   * always reap them (a container's init, this sandbox's), and a zombie holds nothing.
   */
  boolean alive() {
    return signal(0) && hasRunningMember();
  }

  /**
   * SIGTERM to every member, SIGKILL to what remains after the grace; returns once none runs, or
   * after the SIGKILL and a last grace.
   */
  void end(Duration grace) {
    terminate();
    if (awaitEnd(grace)) {
      return;
    }
    LOG.warn("process group {} ignored SIGTERM for {} ms, sending SIGKILL", id, grace.toMillis());
    signal(SIGKILL);
    awaitEnd(grace);
  }

  /** SIGTERM to every member at once. */
  void terminate() {
    signal(SIGTERM);
  }

  private boolean awaitEnd(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (alive()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** kill(-pgid, signal): true when the group exists (signal 0 only asks). */
  private boolean signal(int signal) {
    return LIBC && Calls.kill((int) -id, signal) == 0;
  }

  private boolean hasRunningMember() {
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (runningMember(process)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** From /proc/PID/stat: "pid (comm) state ppid pgrp …", comm may hold spaces and parentheses. */
  private boolean runningMember(Path process) {
    String stat;
    try {
      stat = Files.readString(process.resolve("stat"));
    } catch (IOException e) {
      return false;
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
    return fields.length == 4 && !"Z".equals(fields[0]) && Long.parseLong(fields[2]) == id;
  }
}
