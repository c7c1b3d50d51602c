package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.event.DockerEvent;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReplayInputTest {

  private static String event(int n) {
    return "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v"
        + n
        + "\",\"Attributes\":{}},\"scope\":\"local\",\"time\":1,\"timeNano\":"
        + (1_000_000_000L + n)
        + "}";
  }

  /** What the replay was handed, in order: the actor of an event, or the line of a problem. */
  private static final class Seen implements ReplayInput.Replay {
    final List<String> items = new ArrayList<>();
    final CountDownLatch first = new CountDownLatch(1);

    @Override
    public void event(DockerEvent event) {
      items.add(event.actor().id());
      first.countDown();
    }

    @Override
    public void problem(int number, String why) {
      items.add(number + ": " + why);
    }
  }

  private static Seen replayAll(InputStream in, UnaryOperator<DockerEvent> toRules)
      throws Exception {
    Seen seen = new Seen();
    try (ReplayInput input = new ReplayInput(in, false, toRules)) {
      input.replayAll(seen);
    }
    return seen;
  }

  @Test
  void handsOverEveryLineInTheOrderReadAcrossBatches() throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    int lines = ReplayInput.BATCH_EVENTS * 5 + 3;
    for (int i = 1; i <= lines; i++) {
      if (i % 100 == 0) {
        text.append("{not json\n");
        expected.add(i + ": malformed event, skipped: ");
      } else if (i % 101 == 0) {
        text.append("   \n");
      } else {
        text.append(event(i)).append('\n');
        expected.add("v" + i);
      }
    }

    Seen seen =
        replayAll(
            new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), e -> e);

    assertThat(seen.items).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(seen.items.get(i)).startsWith(expected.get(i));
    }
  }

  @Test
  void eventsAreAsTheRulesSeeThem() throws Exception {
    Seen seen =
        replayAll(
            new ByteArrayInputStream((event(1) + "\n").getBytes(StandardCharsets.UTF_8)),
            e -> e.withKilled(true));
    assertThat(seen.items).containsExactly("v1");
  }

  @Test
  void aLiveStreamsEventIsHandedOverBeforeMoreInputArrives() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream reader = new PipedInputStream(writer);
    Seen seen = new Seen();
    try (ReplayInput input = new ReplayInput(reader, true, e -> e)) {
      CompletableFuture<Void> replaying =
          CompletableFuture.runAsync(
              () -> {
                try {
                  input.replayAll(seen);
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.write((event(1) + "\n").getBytes(StandardCharsets.UTF_8));
      writer.flush();
      // A batch is not waited for: the one event arrives while the stream stays open.
      assertThat(seen.first.await(30, TimeUnit.SECONDS)).isTrue();
      writer.close();
      replaying.get(30, TimeUnit.SECONDS);
    }
    assertThat(seen.items).containsExactly("v1");
  }

  @Test
  void aFailureToReadIsThrownAfterTheLinesBeforeIt() throws Exception {
    byte[] good = (event(1) + "\n" + event(2) + "\n").getBytes(StandardCharsets.UTF_8);
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(good)) {
          @Override
          public int read(byte[] into, int offset, int length) throws IOException {
            int read = super.read(into, offset, length);
            if (read < 0) {
              throw new IOException("the disk went away");
            }
            return read;
          }
        };
    Seen seen = new Seen();
    try (ReplayInput input = new ReplayInput(failing, false, e -> e)) {
      assertThatThrownBy(() -> input.replayAll(seen)).hasMessage("the disk went away");
    }
    assertThat(seen.items).containsExactly("v1", "v2");
  }

  @Test
  void aFaultOnTheReadingThreadReachesTheReplayInsteadOfLeavingItWaiting() throws Exception {
    byte[] lines = (event(1) + "\n").getBytes(StandardCharsets.UTF_8);
    Seen seen = new Seen();
    try (ReplayInput input =
        new ReplayInput(
            new ByteArrayInputStream(lines),
            false,
            e -> {
              throw new IllegalStateException("a bug in the dialect");
            })) {
      assertThatThrownBy(() -> input.replayAll(seen)).hasMessage("a bug in the dialect");
    }
    assertThat(seen.items).isEmpty();
  }
}
