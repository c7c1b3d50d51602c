package io.github.dockereventsreactor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.rules.OutputLimits;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLogTest {

  private final List<String> lines = new ArrayList<>();
  private final List<String> summary = new ArrayList<>();

  private void read(InputStream in, OutputLimits limits) {
    new OutputLog("output", in, limits, lines::add, summary::add).run();
  }

  private void read(String text, OutputLimits limits) {
    read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limits);
  }

  @Test
  void linesAreLoggedAsTheyCameWithoutTheirLineEnds() {
    read("one\r\ntwo\n\nlast without newline", OutputLimits.DEFAULTS);

    assertThat(lines).containsExactly("one", "two", "", "last without newline");
    assertThat(summary).isEmpty();
  }

  @Test
  void anEndlessLineIsCutAt4KibAndTheRestCounted() {
    read(new Repeated((byte) 'x', 10_000_000), OutputLimits.DEFAULTS);

    assertThat(lines).containsExactly("x".repeat(4096) + " [line cut at 4096 bytes]");
    assertThat(summary)
        .containsExactly(
            "output over its limit (10000 lines or 1048576 bytes a command, 4096 bytes a line):"
                + " 9995904 bytes not logged");
  }

  @Test
  void atMost10000LinesThenOneLineSayingHowMuchWasNot() {
    read("line\n".repeat(25_000), OutputLimits.DEFAULTS);

    assertThat(lines).hasSize(10_000).allMatch("line"::equals);
    assertThat(summary).singleElement().asString().endsWith(": 75000 bytes not logged");
  }

  @Test
  void atMostTheBytesOfTheRule() {
    read("0123456789\n".repeat(10), new OutputLimits(100, 30, 4096));

    assertThat(lines).containsExactly("0123456789", "0123456789", "0123456789");
    assertThat(summary)
        .containsExactly(
            "output over its limit (100 lines or 30 bytes a command, 4096 bytes a line): 77 bytes"
                + " not logged");
  }

  @Test
  void noLinesAtAllWhenTheRuleSaysSo() {
    read("secret\n", new OutputLimits(0, 1024, 4096));

    assertThat(lines).isEmpty();
    assertThat(summary).singleElement().asString().endsWith(": 7 bytes not logged");
  }

  /** {@code length} times the same byte, without holding them. */
  private static final class Repeated extends InputStream {
    private final byte value;
    private long left;

    Repeated(byte value, long length) {
      this.value = value;
      this.left = length;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      java.util.Arrays.fill(buffer, offset, offset + n, value);
      left -= n;
      return n;
    }
  }
}
