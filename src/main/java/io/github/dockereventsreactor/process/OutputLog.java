package io.github.dockereventsreactor.process;

import io.github.dockereventsreactor.rules.OutputLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a command's output to its end in lines, handing on those within the rule's limits and
 * counting the rest: the pipe is always drained, so the command never blocks on it, and neither a
 * line without end nor a gigabyte of lines costs memory or floods the log.
 */
final class OutputLog implements Runnable {

  private final String name;
  private final InputStream output;
  private final OutputLimits limits;
  private final Consumer<String> lines;
  private final Consumer<String> summary;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long logged;
  private long loggedBytes;
  private long discarded;
  private boolean cut;

  /** {@code lines} takes each line logged, {@code summary} the one line about what was not. */
  OutputLog(
      String name,
      InputStream output,
      OutputLimits limits,
      Consumer<String> lines,
      Consumer<String> summary) {
    this.name = name;
    this.output = output;
    this.limits = limits;
    this.lines = lines;
    this.summary = summary;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = output) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        take(buffer, n);
      }
    } catch (IOException e) {
      // The pipe was closed under us: what was read is logged below.
    }
    end();
  }

  /** The name of a thread that {@link #run runs} it. */
  String name() {
    return name;
  }

  /** The output ended: logs the line it did not end and says what was left out. */
  void end() {
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
  void take(byte[] buffer, int n) {
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
