package io.github.dockereventsreactor.control;

/**
 * The daemon's answer to one request on its control socket: whether what was asked holds (healthy,
 * reloaded) and one line saying why. On the wire: {@code ok TEXT} or {@code fail TEXT}, one line.
 */
public record ControlAnswer(boolean ok, String text) {

  public static ControlAnswer ok(String text) {
    return new ControlAnswer(true, text);
  }

  public static ControlAnswer fail(String text) {
    return new ControlAnswer(false, text);
  }

  String line() {
    return (ok ? "ok " : "fail ") + text.replaceAll("[\\r\\n]+", " ") + "\n";
  }

  /** Reads an answer's line; a line of neither kind is the daemon's failure to answer. */
  static ControlAnswer parse(String line) {
    if (line.startsWith("ok ")) {
      return ok(line.substring(3));
    }
    if (line.startsWith("fail ")) {
      return fail(line.substring(5));
    }
    return fail("the daemon gave an answer this command cannot read: " + line);
  }
}
