package io.github.dockereventsreactor.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * Why a file operation failed, as a sentence naming the path: the JDK's message is often the path
 * alone ({@code AccessDeniedException}) or the reason alone ({@code No space left on device}).
 */
final class Failures {

  private Failures() {}

  /**
   * Whether the failure may go away with no change to the configuration: a full disk or quota, a
   * file system mounted read-only, a permission.
   */
  static boolean mayHeal(IOException e) {
    String reason =
        e instanceof FileSystemException failed && failed.getReason() != null
            ? failed.getReason()
            : e.getMessage();
    return e instanceof AccessDeniedException
        || HEALING.stream().anyMatch(text -> reason != null && reason.contains(text));
  }

  // As Linux's strerror says them (ENOSPC, EDQUOT, EROFS).
  private static final List<String> HEALING =
      List.of("No space left on device", "Disk quota exceeded", "Read-only file system");

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException denied) {
      return "permission denied on " + denied.getFile();
    }
    if (e instanceof DirectoryNotEmptyException inTheWay) {
      return "a directory is in the way: " + inTheWay.getFile();
    }
    if (e instanceof FileSystemException failed && failed.getReason() != null) {
      return failed.getReason() + " (" + failed.getFile() + ")";
    }
    if (e instanceof FileSystemException failed) {
      return "cannot use " + failed.getFile();
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
