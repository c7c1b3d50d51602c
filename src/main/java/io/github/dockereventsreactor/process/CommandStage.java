package io.github.dockereventsreactor.process;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * A command's run, as a Java Flight Recorder event: the last stages of an event's way to its action
 * (keyed by the event's timeNano, as the stages before it are), from the spawn's call to the end of
 * what the exit costs the reactor. Kept only while a recording runs.
 */
@Name("io.github.dockereventsreactor.Command")
@Label("Command run")
@Category({"Docker Events Reactor"})
@Description("A rule's command spawned, waited for and cleaned up after")
@StackTrace(false)
final class CommandStage extends Event {

  @Label("Rule")
  @Nullable String rule;

  @Label("Event timeNano")
  @Description("The Docker event's own timeNano: the key that ties its stages together")
  long eventTime;

  @Label("Spawn called at (System.nanoTime)")
  long called;

  @Label("Spawn returned at (System.nanoTime)")
  long spawned;

  @Label("Exit seen at (System.nanoTime)")
  long exited;

  @Label("Cleaned up at (System.nanoTime)")
  @Description("Its output read, its process group looked at, its descriptors closed")
  long cleaned;

  @Label("Exit status")
  int status;
}
