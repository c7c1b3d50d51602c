package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;

/**
 * A replay's input, read and parsed ahead on a thread of its own and handed over in order: reading
 * the lines and parsing them is a large share of a replay's work, and a second core does it while
 * the reactor acts on the events before. What is handed over is bounded (a few batches of at most
 * {@link #BATCH_EVENTS} lines or {@link #BATCH_CHARS} characters), so a large file never sits in
 * the heap.
 */
final class ReplayInput implements AutoCloseable {

  static final int BATCH_EVENTS = 64;
  static final int BATCH_CHARS = 1 << 20;
  private static final int BATCHES = 4;

  /** What the replay does with each line. */
  interface Replay {
    void event(DockerEvent event);

    /** A line that could not be replayed, by its number from 1, and why. */
    void problem(int number, String why);
  }

  /** One line of the input, in the order read. */
  sealed interface Item {
    void replay(Replay replay);
  }

  /** An event, as the rules see it. */
  record Event(DockerEvent event) implements Item {
    @Override
    public void replay(Replay replay) {
      replay.event(event);
    }
  }

  /** A line that could not be replayed, and why. */
  record Problem(int number, String why) implements Item {
    @Override
    public void replay(Replay replay) {
      replay.problem(number, why);
    }
  }

  /** Lines in the order read; the last batch also says whether the reading failed. */
  private record Batch(List<Item> items, boolean last, Optional<Exception> failure) {
    static Batch of(List<Item> items) {
      return new Batch(items, false, Optional.empty());
    }
  }

  private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(BATCHES);
  private final Thread reader;

  /**
   * Starts reading {@code in}. {@code live}: standard input that may be a stream, whose events are
   * handed over as soon as no more bytes are waiting, not when a batch is full. {@code toRules}:
   * the event as the rules see it (the engine's dialect).
   */
  ReplayInput(InputStream in, boolean live, UnaryOperator<DockerEvent> toRules) {
    ReplayLines lines = new ReplayLines(in);
    reader = new Thread(() -> read(lines, live, toRules), "replay-input");
    // The reactor's thread ends the replay; a reader blocked on standard input must not keep the
    // process alive.
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Hands every line to {@code replay}, in order, until the end of the input; a failure to read it
   * (or a fault of the reading thread) is thrown once the lines before it were handed over.
   */
  void replayAll(Replay replay) throws IOException, InterruptedException {
    while (true) {
      Batch batch = batches.take();
      for (Item item : batch.items()) {
        item.replay(replay);
      }
      if (batch.last()) {
        if (batch.failure().isPresent()) {
          throw rethrown(batch.failure().get());
        }
        return;
      }
    }
  }

  private static IOException rethrown(Exception failure) {
    if (failure instanceof RuntimeException fault) {
      throw fault;
    }
    return (IOException) failure;
  }

  @Override
  public void close() {
    reader.interrupt();
  }

  private void read(ReplayLines lines, boolean live, UnaryOperator<DockerEvent> toRules) {
    Optional<Exception> failure = Optional.empty();
    // The lines read before a failure are handed over with it, ahead of it.
    List<Item> items = new ArrayList<>();
    try {
      long chars = 0;
      Optional<ReplayLines.Line> next;
      while ((next = lines.next()).isPresent()) {
        ReplayLines.Line line = next.get();
        Optional<Item> item = item(line, toRules);
        if (item.isPresent()) {
          items.add(item.get());
          chars += line.text().map(String::length).orElse(0);
        }
        if (items.size() >= BATCH_EVENTS
            || chars >= BATCH_CHARS
            || (live && !lines.buffered() && !items.isEmpty())) {
          batches.put(Batch.of(items));
          items = new ArrayList<>();
          chars = 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The replay's thread throws it: on this one it would leave that thread waiting for ever.
      failure = Optional.of(e);
    } catch (InterruptedException e) {
      // Closed: the replay ended before its input did.
      return;
    }
    try {
      batches.put(new Batch(items, true, failure));
    } catch (InterruptedException e) {
      // Closed while handing over the end: nobody is reading.
    }
  }

  /** What a line is for the replay; empty for a blank line. */
  private static Optional<Item> item(ReplayLines.Line line, UnaryOperator<DockerEvent> toRules) {
    if (line.text().isEmpty()) {
      return Optional.of(new Problem(line.number(), line.problem() + ", skipped"));
    }
    String text = line.text().get();
    if (text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Event(toRules.apply(EventJson.parse(text))));
    } catch (MalformedEventException e) {
      return Optional.of(new Problem(line.number(), "malformed event, skipped: " + e.getMessage()));
    }
  }
}
