package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.core.Stage;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import java.util.Locale;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The core's stages of each event on its way to an action, and the moment its outcome has been
 * reported, as Java Flight Recorder events: nothing is kept unless a recording runs ({@code jcmd
 * PID JFR.start}, or {@code bench/stages} on the recording), and then an event costs a few
 * microseconds. Listed last, so that "reported" comes after the log and the metrics heard it.
 */
public final class StageRecording implements ReactorListener {

  /** One stage passed: which, by which event, and when. */
  @Name("io.github.dockereventsreactor.Stage")
  @Label("Stage passed")
  @Category({"Docker Events Reactor"})
  @Description("An event passed a stage on its way to a rule's action")
  @StackTrace(false)
  static final class Passed extends Event {
    @Label("Stage")
    @Nullable String stage;

    @Label("Rule")
    @Nullable String rule;

    @Label("Event timeNano")
    @Description("The Docker event's own timeNano: the key that ties its stages together")
    long eventTime;

    @Label("At (System.nanoTime)")
    long at;
  }

  @Override
  public void stage(Stage stage, DockerEvent event) {
    record(stage.name().toLowerCase(Locale.ROOT), "", event);
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // The stage MATCHED says it for all the rules at once.
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    record("reported", rule.name(), event);
  }

  private static void record(String stage, String rule, DockerEvent event) {
    Passed passed = new Passed();
    if (passed.shouldCommit()) {
      passed.at = System.nanoTime();
      passed.stage = stage;
      passed.rule = rule;
      passed.eventTime = event.timeNano();
      passed.commit();
    }
  }
}
