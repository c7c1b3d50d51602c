package io.github.dockereventsreactor.process;

import io.github.dockereventsreactor.core.OutputLines;
import io.github.dockereventsreactor.rules.OutputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a command's output to its end in lines, handing on those within the rule's limits and
 * counting the rest ({@link OutputLines}): the pipe is always drained, so the command never blocks
 * on it.
 */
final class OutputLog implements Runnable {

  private final String name;
  private final InputStream output;
  private final OutputLines lines;

  /** {@code lines} takes each line logged, {@code summary} the one line about what was not. */
  OutputLog(
      String name,
      InputStream output,
      OutputLimits limits,
      Consumer<String> lines,
      Consumer<String> summary) {
    this.name = name;
    this.output = output;
    this.lines = new OutputLines(limits, lines, summary);
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
    lines.end();
  }

  /** Output as it comes: {@code n} bytes of {@code buffer}. */
  void take(byte[] buffer, int n) {
    lines.take(buffer, n);
  }
}
