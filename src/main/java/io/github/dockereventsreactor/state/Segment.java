package io.github.dockereventsreactor.state;

import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.regex.Pattern;

/**
 * One file of the journal, named by its number; {@code outstanding} counts the (event, rule) pairs
 * in it not done yet. Found by the scan at start, begun by the journal afterwards.
 */
final class Segment {

  private static final Pattern NAME = Pattern.compile("[0-9]{20}\\.journal");

  final long number;
  final long firstSeq;
  final Path file;
  long size;
  int outstanding;

  Segment(long number, long firstSeq, Path file, long size) {
    this.number = number;
    this.firstSeq = firstSeq;
    this.file = file;
    this.size = size;
  }

  /** The file name of segment {@code number}: the number in 20 digits, so names sort by it. */
  static String name(long number) {
    return String.format("%020d.journal", number);
  }

  /** Whether {@code file} is named as a segment is. */
  static boolean named(Path file) {
    return NAME.matcher(file.getFileName().toString()).matches();
  }

  /**
   * The segment holding the event {@code seq} among {@code segments} (by number): the newest that
   * began at or before it; null when none did. Segments rotated by "done" records alone begin at
   * the same sequence number as the one before them.
   */
  static Segment holding(NavigableMap<Long, Segment> segments, long seq) {
    for (Segment segment : segments.descendingMap().values()) {
      if (segment.firstSeq <= seq) {
        return segment;
      }
    }
    return null;
  }
}
