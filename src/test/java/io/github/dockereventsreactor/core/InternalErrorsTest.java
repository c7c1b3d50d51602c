package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The internal error's line and readiness reason say what failed in words. */
class InternalErrorsTest {

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(InternalErrors.class);

  @AfterEach
  void detach() {
    logger.detachAppender(lines);
  }

  /** Before: "…: java.util.NoSuchElementException; the event goes on without it". */
  @Test
  void aBugWithoutAMessageIsNamedInWordsNeverByItsClass() {
    lines.start();
    logger.addAppender(lines);
    InternalErrors errors =
        new InternalErrors(
            new ReactorListener() {
              @Override
              public void matched(Rule rule, DockerEvent event) {}

              @Override
              public void outcome(Rule rule, DockerEvent event, Outcome outcome) {}
            },
            Clock.systemUTC());

    errors.report(HandlingStep.READ, "the event start web", new NoSuchElementException());

    List<String> said = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(said)
        .first()
        .isEqualTo(
            "internal error in read while handling the event start web: no such element, without"
                + " a message; the event goes on without it; please report it with this line");
    assertThat(errors.notReady().orElseThrow())
        .startsWith("an internal error: read failed (no such element, without a message) at ")
        .doesNotContain("java.");
  }
}
