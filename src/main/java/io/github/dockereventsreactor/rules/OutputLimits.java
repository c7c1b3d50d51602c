package io.github.dockereventsreactor.rules;

/**
 * How much of one command's output reaches the log: lines of at most {@code lineBytes}, and at most
 * {@code lines} lines or {@code bytes} bytes in all; the rest is read and counted, never logged, so
 * a command that floods cannot flood the log nor block on a full pipe.
 */
public record OutputLimits(int lines, long bytes, int lineBytes) {

  public static final OutputLimits DEFAULTS = new OutputLimits(10_000, 1024 * 1024, 4096);

  String describe() {
    return "output " + lines + " lines, " + bytes + " bytes, " + lineBytes + " bytes a line";
  }
}
