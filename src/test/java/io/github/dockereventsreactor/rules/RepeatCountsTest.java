package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A regex whose counted repeats would compile to a program too large for the heap is refused at
 * load: nested counts multiply (at most 1,000), a pattern's counts add up (at most 100,000).
 */
class RepeatCountsTest {

  private static final String NESTED =
      "nested repeat counts multiply to more than 1000 (too large to compile)";
  private static final String TOTAL =
      "repeat counts add up to more than 100000 (too large to compile)";

  @Test
  void nestedCountsMultiply() {
    assertThat(RepeatCounts.tooLarge("((a{10}){10}){10}")).isEmpty();
    assertThat(RepeatCounts.tooLarge("((a{10}){10}){11}")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("(a{1000})")).isEmpty();
    assertThat(RepeatCounts.tooLarge("(a{1001})")).hasValue(NESTED);
  }

  @Test
  void theLargerBoundCountsAndAnOpenBoundCountsItsLower() {
    assertThat(RepeatCounts.tooLarge("(a{2,1001})")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("(a{1001,})")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("(a{0}){1000}")).isEmpty();
  }

  @Test
  void countsSideBySideAddUpButDoNotMultiply() {
    String hundred = "a{1000}".repeat(100);
    assertThat(RepeatCounts.tooLarge(hundred)).isEmpty();
    assertThat(RepeatCounts.tooLarge(hundred + "b{1}")).hasValue(TOTAL);
    assertThat(RepeatCounts.tooLarge("(a{1000})(b{1000})")).isEmpty();
  }

  @Test
  void aGroupCarriesItsLargestInnerProductToTheCountAfterIt() {
    assertThat(RepeatCounts.tooLarge("(a{100}b)c{10}")).isEmpty();
    assertThat(RepeatCounts.tooLarge("(a{100}b){11}")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("(a{100})b{11}")).isEmpty();
  }

  @Test
  void escapesClassesAndBracesThatAreNoCountAreNotCounted() {
    assertThat(RepeatCounts.tooLarge("(\\{2000})")).isEmpty();
    assertThat(RepeatCounts.tooLarge("(a\\p{Greek}{1001})")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("([{1001}])")).isEmpty();
    assertThat(RepeatCounts.tooLarge("([]{}]{1001})")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("([[:alpha:]]{1001})")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("(a{x}){2000}")).hasValue(NESTED);
    assertThat(RepeatCounts.tooLarge("a{2000")).isEmpty();
    assertThat(RepeatCounts.tooLarge("x)a{1000}")).isEmpty();
  }
}
