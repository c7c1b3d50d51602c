package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventLineReaderTest {

  private final List<String> seen = new ArrayList<>();
  private final EventLineReader.Lines record =
      new EventLineReader.Lines() {
        @Override
        public void line(String text) {
          seen.add(text);
        }

        @Override
        public void oversized(long size, String head) {
          seen.add("oversized " + size + " " + head);
        }
      };

  private List<String> readAll(InputStream in, int max) throws IOException {
    EventLineReader reader = new EventLineReader(in, max, System::nanoTime);
    while (reader.next(record)) {
      // recorded
    }
    return seen;
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsLinesSkipsBlankOnesAndDropsALineCutByTheEnd() throws IOException {
    assertThat(readAll(bytes("{\"a\":1}\n\n{\"b\":2}\n{\"cut"), 4096))
        .containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void aLineOverTheCapIsSkippedWithItsSizeAndFirst200BytesAndTheNextOneIsRead() throws IOException {
    String big = "x".repeat(5_000_000);
    assertThat(readAll(bytes(big + "\n{\"after\":1}\n"), 4096))
        .containsExactly("oversized 5000000 " + "x".repeat(200), "{\"after\":1}");
  }

  @Test
  void aLineExactlyAtTheCapIsKept() throws IOException {
    String line = "y".repeat(4096);
    assertThat(readAll(bytes(line + "\n"), 4096)).containsExactly(line);
  }

  @Test
  void anEndlessLineIsReadInBoundedMemory() throws IOException {
    long total = 1L << 31;
    InputStream endless =
        new InputStream() {
          long left = total;

          @Override
          public int read() {
            return left-- > 0 ? 'z' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'z');
            left -= n;
            return n;
          }
        };
    // 2 GiB through a 4 MiB cap: a reader that kept the line would run out of the test's heap.
    EventLineReader reader = new EventLineReader(endless, 4 << 20, System::nanoTime);
    assertThat(reader.next(record)).isFalse();
    assertThat(seen).isEmpty();
  }

  @Test
  void tellsSinceWhenALineHasWaitedForItsEnd() throws IOException {
    AtomicLong clock = new AtomicLong(42);
    List<Long> pendingAtEachRead = new ArrayList<>();
    EventLineReader[] reader = new EventLineReader[1];
    InputStream halves =
        parts(() -> pendingAtEachRead.add(reader[0].pendingSince()), "{\"half\":", "1}\n");
    reader[0] = new EventLineReader(halves, 4096, clock::get);

    assertThat(reader[0].next(record)).isTrue();
    assertThat(seen).containsExactly("{\"half\":1}");
    // Nothing pending before the first read; half a line pending, since 42, while waiting for the
    // rest.
    assertThat(pendingAtEachRead).containsExactly(0L, 42L);
    assertThat(reader[0].pendingSince()).isZero();
  }

  @Test
  void tellsWhetherLinesCameSinceItWasLastAsked() throws IOException {
    List<Boolean> cameAtEachRead = new ArrayList<>();
    EventLineReader[] reader = new EventLineReader[1];
    InputStream stream =
        parts(
            () -> cameAtEachRead.add(reader[0].linesSinceLastAsked()),
            "{\"a\":1}\n",
            "\n",
            "{\"big\":",
            "x".repeat(5_000) + "\n",
            "{\"cut");
    reader[0] = new EventLineReader(stream, 4096, System::nanoTime);
    while (reader[0].next(record)) {
      // recorded
    }
    assertThat(seen).containsExactly("{\"a\":1}", "oversized 5007 {\"big\":" + "x".repeat(193));
    // A whole line counts, an oversized one too; a blank line, part of one or a cut one does not.
    assertThat(cameAtEachRead).containsExactly(false, true, false, false, true, false);
  }

  /** A stream that answers each read with the next part, after telling {@code beforeEachRead}. */
  private static InputStream parts(Runnable beforeEachRead, String... parts) {
    List<String> left = new ArrayList<>(List.of(parts));
    return new InputStream() {
      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        beforeEachRead.run();
        if (left.isEmpty()) {
          return -1;
        }
        byte[] part = left.remove(0).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(part, 0, b, off, part.length);
        return part.length;
      }
    };
  }
}
