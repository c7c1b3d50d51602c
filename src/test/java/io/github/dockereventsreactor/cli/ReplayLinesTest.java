package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayLinesTest {

  private static List<ReplayLines.Line> read(byte[] input, int max) throws IOException {
    ReplayLines lines = new ReplayLines(new ByteArrayInputStream(input), max);
    List<ReplayLines.Line> all = new ArrayList<>();
    Optional<ReplayLines.Line> next;
    while ((next = lines.next()).isPresent()) {
      all.add(next.get());
    }
    return all;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsLinesWithTheirNumbersWhateverTheEnding() throws Exception {
    assertThat(read(bytes("a\r\nbé\n\nlast"), 100))
        .containsExactly(
            new ReplayLines.Text(1, "a"),
            new ReplayLines.Text(2, "bé"),
            new ReplayLines.Text(3, ""),
            new ReplayLines.Text(4, "last"));
    assertThat(read(bytes(""), 100)).isEmpty();
    assertThat(read(bytes("one\n"), 100)).containsExactly(new ReplayLines.Text(1, "one"));
  }

  @Test
  void linesAcrossReadsAndChunksAreReadWhole() throws Exception {
    // Lines cut from the chunk read directly, and lines gathered across reads: an input that
    // arrives a few bytes at a time, and one much longer than a chunk, with lines of every length
    // and non-ASCII text at the cuts.
    StringBuilder text = new StringBuilder();
    List<ReplayLines.Line> expected = new ArrayList<>();
    for (int i = 1; i <= 3000; i++) {
      String line = "é".repeat(i % 3) + "x".repeat((i * 37) % 300) + i;
      text.append(line).append(i % 5 == 0 ? "\r\n" : "\n");
      expected.add(new ReplayLines.Text(i, line));
    }
    byte[] input = bytes(text.toString());

    assertThat(read(input, 1000)).containsExactlyElementsOf(expected);
    ReplayLines trickled = new ReplayLines(new Trickle(input), 1000);
    List<ReplayLines.Line> all = new ArrayList<>();
    Optional<ReplayLines.Line> next;
    while ((next = trickled.next()).isPresent()) {
      all.add(next.get());
    }
    assertThat(all).containsExactlyElementsOf(expected);
  }

  /** An input that hands over one to three bytes a read, as a pipe may. */
  private static final class Trickle extends ByteArrayInputStream {
    private int reads;

    Trickle(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) {
      return super.read(into, offset, Math.min(length, 1 + reads++ % 3));
    }
  }

  @Test
  void aLineThatIsNotUtf8IsReportedAtItsByteAndTheNextIsRead() throws Exception {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(bytes("good\n{\"x\":\""));
    input.write(0xC3); // a lead byte, then no continuation
    input.writeBytes(bytes("\"}\nalso good\n"));
    input.write(0xFF);
    input.writeBytes(bytes("\n"));

    assertThat(read(input.toByteArray(), 100))
        .containsExactly(
            new ReplayLines.Text(1, "good"),
            new ReplayLines.NotUtf8(2, 7),
            new ReplayLines.Text(3, "also good"),
            new ReplayLines.NotUtf8(4, 1));
  }

  @Test
  void aLineOverTheCapIsCountedNotKeptAndTheNextIsRead() throws Exception {
    byte[] big = bytes("x".repeat(200_000) + "\nafter\n" + "y".repeat(10) + "\n");

    assertThat(read(big, 10))
        .containsExactly(
            new ReplayLines.Oversized(1, 200_000),
            new ReplayLines.Text(2, "after"),
            new ReplayLines.Text(3, "y".repeat(10)));
    assertThat(new ReplayLines.Oversized(1, 20_971_520).problem())
        .isEqualTo("a line of 20971520 bytes, over the limit of 4 MiB");
  }
}
