package io.github.dockereventsreactor.rules;

import java.util.Optional;

/**
 * The file's {@code reactor.journal} block: where pending events are kept on disk (by default
 * beside the state file), how often the disk is made to hold them, and how much it may take.
 */
public record JournalSettings(Optional<String> path, Fsync fsync, long maxBytes) {

  public static final JournalSettings DEFAULTS =
      new JournalSettings(Optional.empty(), Fsync.BATCH, 256L << 20);

  /** When an appended event is forced to the disk. */
  public enum Fsync {
    /** Before the event is handed to its rules: survives a power cut, costs a disk flush each. */
    ALWAYS("always"),
    /** With the others appended in the same few milliseconds (group commit). */
    BATCH("batch"),
    /** When the kernel chooses: survives the reactor's crash, not the machine's. */
    NEVER("never");

    private final String text;

    Fsync(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
