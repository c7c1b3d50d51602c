package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static EventId id(long n) {
    return new EventId(n, "volume", "create", "v" + n);
  }

  @Test
  void withoutJournaledEventsTheStateFileDecides() {
    Optional<Checkpoint> saved = Optional.of(new Checkpoint(id(5), List.of(id(4), id(5))));
    assertThat(Checkpoint.resume(saved, List.of())).isEqualTo(saved);
    assertThat(Checkpoint.resume(Optional.empty(), List.of())).isEmpty();
  }

  @Test
  void eventsJournaledAfterTheSavedPositionAreNotAskedOfTheEngineAgain() {
    Optional<Checkpoint> saved = Optional.of(new Checkpoint(id(5), List.of(id(4), id(5))));

    Checkpoint resumed = Checkpoint.resume(saved, List.of(id(5), id(6), id(7))).orElseThrow();

    assertThat(resumed.last()).isEqualTo(id(7));
    assertThat(resumed.recent()).containsExactly(id(4), id(5), id(6), id(7));
  }

  @Test
  void aJournalWhoseEventsAllCameAfterTheSavedPositionLeadsToo() {
    Optional<Checkpoint> saved = Optional.of(new Checkpoint(id(2), List.of(id(2))));

    assertThat(Checkpoint.resume(saved, List.of(id(6), id(7))).orElseThrow().last())
        .isEqualTo(id(7));
    assertThat(Checkpoint.resume(Optional.empty(), List.of(id(6), id(7))).orElseThrow().last())
        .isEqualTo(id(7));
  }

  @Test
  void aPositionPastTheJournalsLastEventStandsWithTheJournaledOnesKeptForDedupe() {
    EventId unmatched = new EventId(9, "image", "tag", "i");
    Optional<Checkpoint> saved = Optional.of(new Checkpoint(unmatched, List.of(id(7), unmatched)));

    Checkpoint resumed = Checkpoint.resume(saved, List.of(id(6), id(7))).orElseThrow();

    assertThat(resumed.last()).isEqualTo(unmatched);
    assertThat(resumed.recent()).containsExactly(id(6), id(7), unmatched);
  }
}
