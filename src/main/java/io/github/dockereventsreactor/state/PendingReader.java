package io.github.dockereventsreactor.state;

import io.github.dockereventsreactor.core.EventJournal.Pending;
import io.github.dockereventsreactor.rules.RegularFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events pending from before this start, read from the segments that held them then, one record
 * at a time: a long backlog never sits in the heap whole. A segment deleted since (all its events
 * done) is passed over.
 */
final class PendingReader implements Iterator<Pending> {

  // The journal's logger: its lines keep the logger name they have always had in JSON logs.
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path dir;
  private final List<Path> files;
  private final long headerSize;
  private final long startSeq;
  private final PendingBefore notDone;
  private int index;
  private FileChannel in;
  private SegmentRecords records;
  private Pending next;

  /**
   * Reads {@code files} (the segments at this start, oldest first, each with a header of {@code
   * headerSize} bytes) for the events before {@code startSeq} that some rule had not done.
   */
  PendingReader(Path dir, List<Path> files, long headerSize, long startSeq, PendingBefore notDone) {
    this.dir = dir;
    this.files = List.copyOf(files);
    this.headerSize = headerSize;
    this.startSeq = startSeq;
    this.notDone = notDone;
  }

  /**
   * The events in the order read, each with the rules that had not done it, as a stream to close; a
   * failure to read is an {@link UncheckedIOException}.
   */
  Stream<Pending> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  @Override
  public boolean hasNext() {
    try {
      while (next == null) {
        if (records == null && !open()) {
          return false;
        }
        ByteBuffer payload = records.next();
        if (payload == null) {
          close();
          records = null;
          index++;
        } else {
          next = pending(payload);
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal's pending events", e);
    }
  }

  @Override
  public Pending next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Pending pending = next;
    next = null;
    return pending;
  }

  private boolean open() throws IOException {
    while (index < files.size()) {
      try {
        in = RegularFile.open(files.get(index), "the journal segment", StandardOpenOption.READ);
        records =
            new SegmentRecords(
                in, headerSize, in.size(), RecordFormat.MAX_RECORD, SegmentRecords.Corrupt.IGNORED);
        return true;
      } catch (NoSuchFileException e) {
        index++;
      }
    }
    return false;
  }

  /** The record's event with the rules that had not done it, or null when none had. */
  private Pending pending(ByteBuffer payload) throws IOException {
    byte kind = payload.get();
    long seq = payload.getLong();
    if (kind != RecordFormat.EVENT || seq >= startSeq) {
      return null;
    }
    int flags = payload.get();
    int count = payload.getShort();
    List<String> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String rule = RecordFormat.text(payload);
      if (notDone.notDone(rule, seq)) {
        rules.add(rule);
      }
    }
    if (rules.isEmpty()) {
      return null;
    }
    byte[] json = new byte[payload.getInt()];
    payload.get(json);
    return new Pending(
        seq, RecordFormat.event(new String(json, StandardCharsets.UTF_8), flags), rules);
  }

  private void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("journal {}: {}", dir, e.getMessage());
      }
      in = null;
    }
  }
}
