package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutcomeLogTest {

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("reactor");
  private final MovableClock clock = new MovableClock();
  private final List<Runnable> timers = new ArrayList<>();
  private final OutcomeLog log = new OutcomeLog(clock, (task, delay) -> timers.add(task));

  /** Moves the clock a minute on and fires what the timer holds. */
  private void aMinuteLater() {
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    List<Runnable> due = new ArrayList<>(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private static Rule rule(String name) throws Exception {
    return RulesLoader.parse(
            "t.yml", "events_reactor:\n  " + name + ":\n    run: [notify-missing]\n")
        .rules()
        .get(0);
  }

  private static DockerEvent event(int i) throws Exception {
    return EventJson.parse(
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c"
            + i
            + "\",\"Attributes\":{\"name\":\"web-"
            + i
            + "\"}},\"time\":1,\"timeNano\":1000000000}");
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
  }

  @Test
  void twentyEventsWithAMissingCommandGiveAtMostThreeLines() throws Exception {
    Rule rule = rule("notify");
    Outcome missing =
        new Outcome.NotStarted("cannot run \"notify-missing\": No such file or directory");

    for (int i = 0; i < 20; i++) {
      log.outcome(rule, event(i), missing);
      clock.now = clock.now.plusSeconds(1);
    }
    aMinuteLater();

    assertThat(messages())
        .hasSizeLessThanOrEqualTo(3)
        .containsExactly(
            "rule \"notify\" on container start web-0 (c0): not started: cannot run"
                + " \"notify-missing\": No such file or directory; further failures of this rule:"
                + " one line a minute, with their count",
            "rule \"notify\": 19 more times in the last minute; the last: rule \"notify\" on"
                + " container start web-19 (c19): not started: cannot run \"notify-missing\": No"
                + " such file or directory");
  }

  @Test
  void aRuleFailingForEverGivesOneLineAMinute() throws Exception {
    Rule rule = rule("notify");
    Outcome missing = new Outcome.NotStarted("cannot run \"x\"");

    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 30; i++) {
        log.outcome(rule, event(i), missing);
        clock.now = clock.now.plusSeconds(1);
      }
      aMinuteLater();
    }

    assertThat(messages()).hasSize(6);
    assertThat(messages().subList(1, 6)).allMatch(m -> m.startsWith("rule \"notify\": "));
  }

  @Test
  void eachRuleHasItsOwnMinute() throws Exception {
    Outcome down =
        new Outcome.Undelivered("cannot reach http://127.0.0.1:9/: refused (4 attempts)", 4);

    log.outcome(rule("a"), event(1), down);
    log.outcome(rule("b"), event(1), down);
    log.outcome(rule("a"), event(2), down);

    assertThat(messages())
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("not delivered: cannot reach"));
  }

  @Test
  void aFailureAfterAQuietMinuteIsLoggedInFullAgain() throws Exception {
    Rule rule = rule("notify");
    Outcome missing = new Outcome.NotStarted("cannot run \"x\"");

    log.outcome(rule, event(1), missing);
    clock.now = clock.now.plus(Duration.ofMinutes(3));
    log.outcome(rule, event(2), missing);

    assertThat(messages()).hasSize(2).allMatch(m -> m.contains("not started"));
    assertThat(timers).isEmpty();
  }

  @Test
  void successesAreNotRateLimited() throws Exception {
    Rule rule = rule("notify");

    for (int i = 0; i < 3; i++) {
      log.outcome(rule, event(i), new Outcome.Exited(0, Duration.ofMillis(3)));
    }

    assertThat(messages()).hasSize(3);
  }

  @Test
  void withSeveralEnginesEachLineNamesTheEngine() throws Exception {
    new OutcomeLog(Optional.of("podman"))
        .outcome(rule("notify"), event(1), new Outcome.Exited(0, Duration.ofMillis(3)));

    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("rule \"notify\" on container start web-1 (c1) from engine podman: ");
    assertThat(lines.list.get(0).getKeyValuePairs())
        .anyMatch(pair -> pair.key.equals("engine") && pair.value.equals("podman"));
  }
}
