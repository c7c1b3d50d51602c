package io.github.dockereventsreactor.state;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What each rule had not done of the events the journal held at this start, as bits by sequence
 * number from the first event the rule took: a rule that spills reads back those and not the ones
 * it had done, and the pending events at start are those some rule had not done. Filled by the scan
 * of the segments at opening, read only after it.
 */
final class PendingBefore {

  private final Map<String, BitSet> pending = new HashMap<>();
  private final Map<String, Long> base = new HashMap<>();

  /** The rule took the event {@code seq}, newer than all it took before. */
  synchronized void took(String rule, long seq) {
    long first = base.computeIfAbsent(rule, r -> seq);
    pending.computeIfAbsent(rule, r -> new BitSet()).set(Math.toIntExact(seq - first));
  }

  /**
   * The rule was done with the event {@code seq}; true when it had taken it and not done it yet.
   */
  synchronized boolean settle(String rule, long seq) {
    Long first = base.get(rule);
    BitSet of = pending.get(rule);
    if (first != null && seq >= first && of.get(Math.toIntExact(seq - first))) {
      of.clear(Math.toIntExact(seq - first));
      return true;
    }
    return false;
  }

  /** True when the rule took the event {@code seq} and had not done it. */
  synchronized boolean notDone(String rule, long seq) {
    Long first = base.get(rule);
    return first != null && seq >= first && pending.get(rule).get((int) (seq - first));
  }

  /** How many events some rule had not done. */
  synchronized long count() {
    long first = base.values().stream().mapToLong(Long::longValue).min().orElse(0);
    BitSet all = new BitSet();
    pending.forEach(
        (rule, seqs) -> {
          int shift = Math.toIntExact(base.get(rule) - first);
          for (int i = seqs.nextSetBit(0); i >= 0; i = seqs.nextSetBit(i + 1)) {
            all.set(i + shift);
          }
        });
    return all.cardinality();
  }
}
