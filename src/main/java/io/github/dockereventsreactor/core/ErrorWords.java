package io.github.dockereventsreactor.core;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * An exception said for an operator: what failed in words, never a Java class's name, never {@code
 * null}. {@code NoSuchElementException} without a message is "no such element, without a message";
 * a file's exception whose message is its path alone gets its reason in words.
 */
public final class ErrorWords {

  private ErrorWords() {}

  /** The kind of failure in words: {@code NoSuchElementException} is "no such element". */
  public static String kind(Throwable e) {
    String kind = e.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "");
    if (kind.isEmpty()) {
      return "failure";
    }
    // NoSuchElement: "no such element"; UncheckedIO: "unchecked I/O".
    return kind.replaceAll(
            "(?<=\\p{Lower})(?=\\p{Upper})|(?<=\\p{Upper})(?=\\p{Upper}\\p{Lower})", " ")
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\bio\\b", "I/O");
  }

  /**
   * What an expected failure says: its message; the path and the kind of a file's exception whose
   * message is the path alone ({@code NoSuchFileException}: "PATH: no such file"); the kind in
   * words when it has no message.
   */
  public static String message(Throwable e) {
    if (e instanceof FileSystemException file && file.getReason() == null) {
      return file.getFile() + ": " + kind(file);
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return kind(e) + ", without a message";
    }
    return e.getMessage();
  }

  /**
   * What a bug says (a failure of the reactor's own code): its kind in words and its message, and
   * the kind and message of its first causes — "null pointer: Cannot invoke …", "no such element,
   * without a message".
   */
  public static String bug(Throwable e) {
    StringBuilder text = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      if (depth > 0) {
        text.append(", caused by ");
      }
      text.append(kind(t));
      text.append(
          t.getMessage() == null || t.getMessage().isBlank()
              ? ", without a message"
              : ": " + t.getMessage());
    }
    return text.toString();
  }
}
