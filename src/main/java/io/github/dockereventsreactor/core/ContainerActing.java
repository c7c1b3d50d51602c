package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.Actor;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.ContainerLimit;
import io.github.dockereventsreactor.rules.ContainerTarget;
import io.github.dockereventsreactor.rules.ContainerVerb;
import io.github.dockereventsreactor.rules.DurationText;
import io.github.dockereventsreactor.rules.OutputLimits;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one engine's {@code container:} actions: finds the targets, re-inspects each just
 * before acting and skips it with the reason when the action no longer fits, never touches the
 * reactor's own container, keeps each rule's limit per container, and tells the rules what came of
 * it with events of type {@code reactor}: {@code container_failed}, {@code container_gave_up}, and
 * {@code container_healed} once a container it acted on for being unhealthy is healthy again. The
 * engine is behind a port and the time is given, so a simulator can drive it.
 */
public final class ContainerActing implements ReactorListener {

  private static final Logger LOG = LoggerFactory.getLogger("reactor");

  /** The type of the events the reactor makes of its own container actions. */
  public static final String EVENT_TYPE = "reactor";

  private final ContainerApi api;
  private final ContainerLimits limits;
  private final Optional<String> self;
  private final Consumer<DockerEvent> emit;
  private final LongSupplier nanoTime;
  private final LongSupplier eventNanos;
  // Containers acted on for being unhealthy, until healthy again (or destroyed): by ID.
  private final Map<String, Attempt> healing = new ConcurrentHashMap<>();

  /** What was done to an unhealthy container, for its healed event. */
  private record Attempt(String rule, String verb, String name, int count) {}

  /**
   * {@code self}: the reactor's own container ID (or its prefix); {@code emit}: where the reactor's
   * own events go (the rules); {@code nanoTime}: the deadlines' clock; {@code eventNanos}: the
   * stamp of the events it makes, on the engine's time line.
   */
  public ContainerActing(
      ContainerApi api,
      ContainerLimits limits,
      Optional<String> self,
      Consumer<DockerEvent> emit,
      LongSupplier nanoTime,
      LongSupplier eventNanos) {
    this.api = api;
    this.limits = limits;
    this.self = self;
    this.emit = emit;
    this.nanoTime = nanoTime;
    this.eventNanos = eventNanos;
  }

  /** Acts on every target of the call within the rule's timeout; one outcome for them all. */
  public Outcome act(Rule rule, DockerEvent event, Prepared.ContainerCall call) {
    long start = nanoTime.getAsLong();
    long deadline = start + rule.options().timeout().toNanos();
    List<ContainerResult> results = new ArrayList<>();
    List<String> targets;
    try {
      targets = targets(call.target());
    } catch (RuntimeException e) {
      String reason = reason(e);
      results.add(new ContainerResult(describe(call.target()), failure(e), reason));
      return new Outcome.Acted(call.verb().word(), results, elapsed(start));
    }
    for (String target : targets) {
      if (nanoTime.getAsLong() - deadline >= 0) {
        results.add(
            new ContainerResult(
                target, ContainerResult.Result.TIMED_OUT, "not reached within the rule's timeout"));
        continue;
      }
      results.add(one(rule, event, call, target, deadline));
    }
    return new Outcome.Acted(call.verb().word(), results, elapsed(start));
  }

  private List<String> targets(ContainerTarget.Rendered target) {
    if (target instanceof ContainerTarget.Labelled labelled) {
      return api.labelled(labelled.labels());
    }
    return List.of(((ContainerTarget.One) target).container());
  }

  private static String describe(ContainerTarget.Rendered target) {
    return target instanceof ContainerTarget.Labelled labelled
        ? "containers labelled " + new TreeMap<>(labelled.labels())
        : ((ContainerTarget.One) target).container();
  }

  private ContainerResult one(
      Rule rule, DockerEvent event, Prepared.ContainerCall call, String target, long deadline) {
    Optional<ContainerState> found;
    try {
      found = api.inspect(target);
    } catch (RuntimeException e) {
      return fail(rule, call, new ContainerState(target, "", "unknown", Optional.empty()), e);
    }
    if (found.isEmpty()) {
      return new ContainerResult(target, ContainerResult.Result.SKIPPED, "it no longer exists");
    }
    ContainerState state = found.get();
    if (SelfContainer.is(self, state.id())) {
      return new ContainerResult(
          state.shown(), ContainerResult.Result.SKIPPED, "it is the reactor's own container");
    }
    Optional<String> unmet = Recheck.unmet(call.verb(), state, call.trigger());
    if (unmet.isPresent()) {
      return new ContainerResult(state.shown(), ContainerResult.Result.SKIPPED, unmet.get());
    }
    int count = 0;
    if (call.limit().isPresent()) {
      ContainerLimit limit = call.limit().get();
      ContainerLimits.Decision decision = limits.admit(rule.name(), state.id(), limit);
      count = decision.count();
      if (decision.verdict() == ContainerLimits.Verdict.HOLD) {
        return new ContainerResult(
            state.shown(),
            ContainerResult.Result.HELD,
            "gave up after " + count + " in " + DurationText.format(limit.per()));
      }
      if (decision.verdict() == ContainerLimits.Verdict.GIVE_UP) {
        return giveUp(rule, call, state, limit, count, deadline);
      }
    }
    try {
      OptionalInt exit = api.act(state, call, deadline, output(rule, event, call));
      if (exit.isPresent() && exit.getAsInt() != 0) {
        tell("container_failed", rule, call, state, count, "exit " + exit.getAsInt());
        return new ContainerResult(
            state.shown(), ContainerResult.Result.FAILED, "exit " + exit.getAsInt());
      }
      if (call.trigger().health().filter("unhealthy"::equals).isPresent()
          && state.id().equals(call.trigger().container())) {
        healing.put(state.id(), new Attempt(rule.name(), call.verb().word(), state.name(), count));
      }
      String detail =
          (exit.isPresent() ? "exit 0" : "")
              + (count > 0
                  ? (exit.isPresent() ? ", " : "")
                      + count
                      + " of "
                      + call.limit().get().times()
                      + " in the window"
                  : "");
      return new ContainerResult(state.shown(), ContainerResult.Result.DONE, detail);
    } catch (RuntimeException e) {
      return fail(rule, call, state, e);
    }
  }

  /** Past the limit: the fallback (a stop, or nothing) and the give-up event. */
  private ContainerResult giveUp(
      Rule rule,
      Prepared.ContainerCall call,
      ContainerState state,
      ContainerLimit limit,
      int count,
      long deadline) {
    healing.remove(state.id());
    String then = "nothing done";
    if (limit.stopAfter()) {
      try {
        api.act(state, stop(call), deadline, OutputLines.none());
        then = "stopped";
      } catch (RuntimeException e) {
        then = "the stop failed: " + reason(e);
      }
    }
    String detail = count + " in " + DurationText.format(limit.per()) + ", the limit; " + then;
    tell("container_gave_up", rule, call, state, count, then);
    return new ContainerResult(state.shown(), ContainerResult.Result.GAVE_UP, detail);
  }

  private static Prepared.ContainerCall stop(Prepared.ContainerCall call) {
    return new Prepared.ContainerCall(
        ContainerVerb.STOP,
        call.target(),
        call.stopTimeout(),
        call.signal(),
        List.of(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        call.trigger());
  }

  private ContainerResult fail(
      Rule rule, Prepared.ContainerCall call, ContainerState state, RuntimeException e) {
    String reason = reason(e);
    tell("container_failed", rule, call, state, limits.count(rule.name(), state.id()), reason);
    return new ContainerResult(state.shown(), failure(e), reason);
  }

  private static ContainerResult.Result failure(RuntimeException e) {
    return e instanceof ContainerApi.Failure f && f.timedOut()
        ? ContainerResult.Result.TIMED_OUT
        : ContainerResult.Result.FAILED;
  }

  private static String reason(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Tells the rules: an event of type {@code reactor} about the container, with the rule, the verb,
   * the count in the window and the reason as its attributes ({@code %%actor.count%%}, …).
   */
  private void tell(
      String action,
      Rule rule,
      Prepared.ContainerCall call,
      ContainerState state,
      int count,
      String reason) {
    emit(action, state.id(), state.name(), rule.name(), call.verb().word(), count, reason);
  }

  private void emit(
      String action, String id, String name, String rule, String verb, int count, String reason) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("name", name);
    attributes.put("rule", rule);
    attributes.put("verb", verb);
    attributes.put("count", Integer.toString(count));
    attributes.put("reason", reason);
    try {
      emit.accept(
          EventJson.synthetic(
              EVENT_TYPE, action, new Actor(id, attributes), eventNanos.getAsLong()));
    } catch (RuntimeException e) {
      LOG.error(
          "rule \"{}\": the {} event of {} was not handed on: {}", rule, action, name, reason(e));
    }
  }

  @Override
  public void matched(Rule rule, DockerEvent event) {
    // Only what the engine says of containers matters here: see received.
  }

  @Override
  public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
    // Its own outcomes it knows already.
  }

  /**
   * Sees each event the engine sends: a container acted on for being unhealthy that reports healthy
   * again is healed (one {@code container_healed} event); a destroyed one is forgotten.
   */
  @Override
  public void received(DockerEvent event) {
    if (healing.isEmpty() || !"container".equals(event.type())) {
      return;
    }
    String id = event.actor().id();
    if ("destroy".equals(event.verb())) {
      healing.remove(id);
    } else if ("health_status: healthy".equals(event.action())) {
      Attempt attempt = healing.remove(id);
      if (attempt != null) {
        emit(
            "container_healed",
            id,
            attempt.name(),
            attempt.rule(),
            attempt.verb(),
            attempt.count(),
            "healthy again");
      }
    }
  }

  /** An exec's output, logged under the rule within its limits as a command's is. */
  private static OutputLines output(Rule rule, DockerEvent event, Prepared.ContainerCall call) {
    if (call.verb() != ContainerVerb.EXEC) {
      return OutputLines.none();
    }
    return new OutputLines(
        OutputLimits.DEFAULTS,
        text -> OutcomeLog.about(LOG.atInfo(), rule, event).log("[{}] {}", rule.name(), text),
        text -> OutcomeLog.about(LOG.atWarn(), rule, event).log("[{}] {}", rule.name(), text));
  }

  private Duration elapsed(long start) {
    return Duration.ofNanos(nanoTime.getAsLong() - start);
  }
}
