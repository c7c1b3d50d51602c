package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Where an event is kept from the moment it is read until every rule that took it is done with it,
 * so a crash loses nothing the reactor has read. Called from the reading thread (append) and the
 * rules' threads (done): neither may wait long.
 */
public interface EventJournal {

  /** An event read before the last stop whose rules were not all done with it. */
  record Pending(long seq, DockerEvent event, List<String> rules) {

    public Pending {
      rules = List.copyOf(rules);
    }
  }

  /**
   * The answer of {@link #append} for an event the disk refused (full, read-only): the rules act on
   * it all the same (durability degrades, never delivery); only a crash before it is done loses it.
   */
  long NOT_KEPT = -1;

  /**
   * Keeps the event for these rules and returns its sequence number, or {@link #NOT_KEPT} when the
   * disk refused it; empty when it must not be taken (the journal is at its {@code max_bytes}), in
   * which case the journal has said why.
   */
  OptionalLong append(DockerEvent event, List<String> rules);

  /** The rule is done with the event (ran, failed, skipped or dropped it). */
  void done(long seq, String rule);

  /**
   * The events kept for {@code rule} with sequence numbers from {@code from} to {@code to}, both
   * included, in order, at most {@code max}: those the rule left here when its queue was full (and,
   * read before this start, only those it had not done). Called on the rule's own thread.
   */
  List<Pending> spilled(String rule, long from, long to, int max) throws IOException;

  /**
   * This journal, the events it gives back (a rule's spill) put through {@code translate}: kept as
   * the engine sent them, they reach the rules in the engine's dialect again (Podman's {@code
   * remove} as {@code destroy}, the legacy payload fields), as they did when first read.
   */
  static EventJournal translated(EventJournal journal, UnaryOperator<DockerEvent> translate) {
    return new EventJournal() {
      @Override
      public OptionalLong append(DockerEvent event, List<String> rules) {
        return journal.append(event, rules);
      }

      @Override
      public void done(long seq, String rule) {
        journal.done(seq, rule);
      }

      @Override
      public List<Pending> spilled(String rule, long from, long to, int max) throws IOException {
        return journal.spilled(rule, from, to, max).stream()
            .map(p -> new Pending(p.seq(), translate.apply(p.event()), p.rules()))
            .toList();
      }
    };
  }
}
