package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Failures said in words: never a Java class's name, never {@code null}. */
class ErrorWordsTest {

  @Test
  void theKindOfAFailureIsSaidInWords() {
    assertThat(ErrorWords.kind(new NoSuchElementException())).isEqualTo("no such element");
    assertThat(ErrorWords.kind(new NullPointerException())).isEqualTo("null pointer");
    assertThat(ErrorWords.kind(new StackOverflowError())).isEqualTo("stack overflow");
    assertThat(ErrorWords.kind(new Exception())).isEqualTo("failure");
    assertThat(ErrorWords.kind(new java.io.UncheckedIOException(new IOException())))
        .isEqualTo("unchecked I/O");
  }

  @Test
  void anExpectedFailureSaysItsMessageOrWhatItWasWithoutOne() {
    assertThat(ErrorWords.message(new IOException("Connection refused")))
        .isEqualTo("Connection refused");
    assertThat(ErrorWords.message(new IOException())).isEqualTo("I/O, without a message");
    assertThat(ErrorWords.message(new NoSuchFileException("/etc/x.yml")))
        .isEqualTo("/etc/x.yml: no such file");
  }

  /** Before, a bug said "java.util.NoSuchElementException" or "IllegalStateException: …". */
  @Test
  void aBugSaysItsKindAndMessageAndItsCausesWithoutAClassName() {
    assertThat(ErrorWords.bug(new NoSuchElementException()))
        .isEqualTo("no such element, without a message");
    assertThat(
            ErrorWords.bug(
                new IllegalStateException("Can't register docker_events", new IOException("x"))))
        .isEqualTo("illegal state: Can't register docker_events, caused by I/O: x");
  }
}
