package io.github.dockereventsreactor.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule left in the journal while its queue was full: ranges of sequence numbers, oldest
 * first, to read back in that order. The rule's own range grows with each event it leaves there; a
 * range taken over from the rule's previous version (a reload) comes before it and never grows, so
 * the events the new version queued itself between the two are not read back a second time. Not
 * thread-safe: the lane's intake lock guards it.
 */
final class SpillRanges {

  /** Sequence numbers from {@code from} to {@code to}, both included, read back in order. */
  record Range(long from, long to) {}

  private static final class Open {
    long from;
    long to;
    final boolean own;

    Open(long from, long to, boolean own) {
      this.from = from;
      this.to = to;
      this.own = own;
    }
  }

  private final ArrayDeque<Open> ranges = new ArrayDeque<>();
  // The rule's events in the ranges: a range holds other rules' events too.
  private long events;
  // The newest event offered to the rule, kept here or queued.
  private long newest = -1;

  boolean active() {
    return !ranges.isEmpty();
  }

  /** How many of the rule's events wait in the journal. */
  long events() {
    return events;
  }

  /** The rule was offered this event, whether it keeps it here or queues it. */
  void offered(long seq) {
    newest = Math.max(newest, seq);
  }

  /**
   * The rule leaves this event in the journal. One older than an event offered before it (a changed
   * rule's debounced events, handed to its new version by a reload) is a range of its own: the
   * rule's range would otherwise stop short of the events between, or stretch over those it queued
   * itself and read them back a second time.
   */
  void add(long seq) {
    events++;
    Open last = ranges.peekLast();
    if (seq < newest) {
      ranges.addLast(new Open(seq, seq, false));
    } else if (last != null && last.own) {
      last.to = seq;
    } else {
      ranges.addLast(new Open(seq, seq, true));
    }
    offered(seq);
  }

  /** The range to read back next. */
  Range next() {
    Open head = ranges.getFirst();
    return new Range(head.from, head.to);
  }

  /** The next range was read back up to {@code seq} (included), which was one of the rule's. */
  void readUpTo(long seq) {
    ranges.getFirst().from = seq + 1;
    events = Math.max(0, events - 1);
  }

  /**
   * The next range, as it was when read ({@code read}), has nothing more: it ends, unless it grew
   * meanwhile. True when nothing is left at all.
   */
  boolean exhausted(Range read) {
    Open head = ranges.getFirst();
    if (head.to == read.to()) {
      ranges.removeFirst();
    } else {
      head.from = read.to() + 1;
    }
    if (ranges.isEmpty()) {
      events = 0;
    }
    return ranges.isEmpty();
  }

  /** What a rule left in the journal: its ranges, oldest first, and how many of its events. */
  record Spill(List<Range> ranges, long events) {}

  /** Every range, oldest first, for the rule's next version; none is left here. */
  Spill handOver() {
    List<Range> all = new ArrayList<>(ranges.size());
    ranges.forEach(r -> all.add(new Range(r.from, r.to)));
    ranges.clear();
    Spill spill = new Spill(all, events);
    events = 0;
    return spill;
  }

  /** The ranges of the rule's previous version, older than any of this one. */
  void takeOver(Spill older) {
    for (int i = older.ranges().size() - 1; i >= 0; i--) {
      ranges.addFirst(new Open(older.ranges().get(i).from(), older.ranges().get(i).to(), false));
    }
    events += older.events();
  }
}
