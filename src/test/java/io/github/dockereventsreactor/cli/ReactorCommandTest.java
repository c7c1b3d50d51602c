package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ReactorCommandTest {

  @Test
  void aFileThatCannotBeOpenedIsNamedWithWhy() {
    assertThat(ReactorCommand.said(new NoSuchFileException("/tmp/events.jsonl")))
        .isEqualTo("/tmp/events.jsonl: no such file");
    assertThat(ReactorCommand.said(new AccessDeniedException("/root/events.jsonl")))
        .isEqualTo("/root/events.jsonl: access denied");
  }

  @Test
  void anExceptionWithAReasonSaysItAsItIs() {
    assertThat(ReactorCommand.said(new FileSystemException("/x", null, "Is a directory")))
        .isEqualTo("/x: Is a directory");
    assertThat(ReactorCommand.said(new IOException("no answer"))).isEqualTo("no answer");
  }

  /** A bug's exception without a message printed "docker-events-reactor: null". */
  @Test
  void anExceptionWithoutAMessageSaysWhatKindOfFailureItWas() {
    assertThat(ReactorCommand.said(new NoSuchElementException()))
        .isEqualTo(
            "internal error (no such element, without a message): please report it with the"
                + " command that led to it");
    assertThat(ReactorCommand.said(new NullPointerException()))
        .startsWith("internal error (null pointer, without a message)");
  }
}
