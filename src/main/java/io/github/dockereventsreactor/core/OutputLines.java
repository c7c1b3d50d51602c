package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.rules.OutputLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Output cut into lines within a rule's limits: those within are handed on, the rest counted, so
 * neither a line without end nor a gigabyte of lines costs memory or floods the log. A command's
 * pipe and an exec's stream inside a container are fed through it alike.
 */
public final class OutputLines {

  private final OutputLimits limits;
  private final Consumer<String> lines;
  private final Consumer<String> summary;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long logged;
  private long loggedBytes;
  private long discarded;
  private boolean cut;

  /** Output that goes nowhere: what a verb without output is given. */
  public static OutputLines none() {
    return new OutputLines(OutputLimits.DEFAULTS, t -> {}, t -> {});
  }

  /** {@code lines} takes each line logged, {@code summary} the one line about what was not. */
  public OutputLines(OutputLimits limits, Consumer<String> lines, Consumer<String> summary) {
    this.limits = limits;
    this.lines = lines;
    this.summary = summary;
  }

  /** The output ended: logs the line it did not end and says what was left out. */
  public void end() {
    if (line.size() > 0 || cut) {
      emit();
    }
    if (discarded > 0) {
      summary.accept(
          "output over its limit ("
              + limits.lines()
              + " lines or "
              + limits.bytes()
              + " bytes a command, "
              + limits.lineBytes()
              + " bytes a line): "
              + discarded
              + " bytes not logged");
    }
  }

  /** Output as it comes: {@code n} bytes of {@code buffer}. */
  public void take(byte[] buffer, int n) {
    if (full()) {
      discarded += n;
      return;
    }
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buffer[i] == '\n') {
        append(buffer, start, i - start);
        emit();
        start = i + 1;
        if (full()) {
          discarded += n - start;
          return;
        }
      }
    }
    append(buffer, start, n - start);
  }

  private boolean full() {
    return logged >= limits.lines() || loggedBytes >= limits.bytes();
  }

  private void append(byte[] buffer, int from, int length) {
    int keep = Math.min(length, limits.lineBytes() - line.size());
    line.write(buffer, from, keep);
    if (keep < length) {
      cut = true;
      discarded += length - keep;
    }
  }

  private void emit() {
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    lines.accept(cut ? text + " [line cut at " + limits.lineBytes() + " bytes]" : text);
    logged++;
    loggedBytes += bytes.length + 1;
    line.reset();
    cut = false;
  }
}
