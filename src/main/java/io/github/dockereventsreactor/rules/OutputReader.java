package io.github.dockereventsreactor.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads a rule's {@code output:} limits; sizes are written 4096, 4KiB or 1MiB. */
final class OutputReader {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(KiB|MiB)?");

  private final Nodes nodes;

  OutputReader(Nodes nodes) {
    this.nodes = nodes;
  }

  /**
   * {@code output: {lines: 100, bytes: 64KiB, line_bytes: 1KiB}}: what is not given stays default.
   */
  OutputLimits limits(Node node) {
    OutputLimits d = OutputLimits.DEFAULTS;
    int lines = d.lines();
    long bytes = d.bytes();
    int lineBytes = d.lineBytes();
    for (NodeTuple field : nodes.mapping(node, "output")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      Node value = field.getValueNode();
      if ("lines".equals(key)) {
        lines = nodes.count(value, "output lines", 0, 10_000_000).orElse(lines);
      } else if ("bytes".equals(key)) {
        bytes = size(value, "output bytes", 1L << 30).orElse(bytes);
      } else if ("line_bytes".equals(key)) {
        lineBytes = size(value, "output line_bytes", 1 << 20).map(Long::intValue).orElse(lineBytes);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "lines, bytes, line_bytes");
      }
    }
    return new OutputLimits(lines, bytes, lineBytes);
  }

  /** A size as 4096, 4KiB or 1MiB, from 1 to {@code max} bytes. */
  private Optional<Long> size(Node node, String what, long max) {
    String text = nodes.scalar(node, "a size for " + what);
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SIZE.matcher(text.strip());
    if (m.matches()) {
      long n =
          Long.parseLong(m.group(1))
              << ("KiB".equals(m.group(2)) ? 10 : "MiB".equals(m.group(2)) ? 20 : 0);
      if (n >= 1 && n <= max) {
        return Optional.of(n);
      }
    }
    nodes.problem(
        node,
        what
            + ": expected a size from 1 byte to "
            + max
            + " bytes, as 4096, 4KiB or 1MiB, found \""
            + text
            + "\"");
    return Optional.empty();
  }
}
