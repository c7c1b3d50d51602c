package io.github.dockereventsreactor.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which rule had not done which event at this start, by sequence number. */
class PendingBeforeTest {

  private final PendingBefore pending = new PendingBefore();

  @Test
  void aRuleOwesWhatItTookUntilItIsDoneWithIt() {
    pending.took("salt", 10);
    pending.took("salt", 12);

    assertThat(pending.notDone("salt", 10)).isTrue();
    assertThat(pending.notDone("salt", 11)).isFalse();
    assertThat(pending.settle("salt", 10)).isTrue();
    assertThat(pending.notDone("salt", 10)).isFalse();
    assertThat(pending.notDone("salt", 12)).isTrue();
  }

  @Test
  void aDoneOfAnEventNotTakenOrAlreadyDoneOrOfAnotherRuleSettlesNothing() {
    pending.took("salt", 10);

    assertThat(pending.settle("salt", 9)).isFalse();
    assertThat(pending.settle("salt", 11)).isFalse();
    assertThat(pending.settle("log", 10)).isFalse();
    assertThat(pending.settle("salt", 10)).isTrue();
    assertThat(pending.settle("salt", 10)).isFalse();
    assertThat(pending.notDone("log", 10)).isFalse();
    assertThat(pending.notDone("salt", 5)).isFalse();
  }

  @Test
  void theCountIsOfEventsSomeRuleOwesWhateverTheRulesFirstEvents() {
    pending.took("salt", 3);
    pending.took("log", 3);
    pending.took("log", 5);
    pending.took("late", 7);
    pending.took("late", 8);
    pending.settle("late", 8);

    // 3 (owed twice), 5 and 7; 8 is done.
    assertThat(pending.count()).isEqualTo(3);
    assertThat(new PendingBefore().count()).isZero();
  }
}
