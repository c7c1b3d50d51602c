package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each event against every rule and hands it to the lanes of the rules that match. It runs
 * on the reading thread and never waits: the engine punishes a slow reader by stalling the whole
 * host's API calls and then dropping events. Each step of an event's handling is isolated: a step
 * that fails is an {@link InternalErrors internal error} of that event, and the next event is
 * handled as if nothing happened.
 */
public final class Reactor implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

  /** The rules in force and the lanes of those that run a command, swapped whole on reload. */
  private record Routing(RuleMatcher matcher, IdentityHashMap<Rule, Lane> lanes) {}

  private final AtomicReference<Routing> routing = new AtomicReference<>();
  private final List<Lane> retired = new CopyOnWriteArrayList<>();
  private final ContainerFacts facts;
  private final ReactorListener listener;
  private final InternalErrors errors;
  private final Progress progress;
  private final Optional<EventJournal> journal;
  // What every lane of this reactor is made with, beside its rule.
  private final LaneParts laneParts;
  private final ContainerRoster roster = new ContainerRoster();
  private final KillMemory kills = new KillMemory();

  /**
   * The timers of the rules' debounces, throttles and batch lingers, how they stop, and whose
   * threads run the rules' commands.
   */
  private record Dispatch(Timers timers, Runnable stop, Staffing staffing, Executor reconciler) {

    /**
     * A running reactor's: one timer thread (few, short tasks), each lane's own workers, and a
     * thread for the reconcile's listing, an API call never made on the reading thread.
     */
    static Dispatch threads(Timers timers, Runnable stopTimers) {
      ExecutorService reconciler =
          Executors.newSingleThreadExecutor(r -> new Thread(r, "reconcile"));
      return new Dispatch(
          timers,
          () -> {
            reconciler.shutdownNow();
            stopTimers.run();
          },
          Staffing.WORKERS,
          reconciler);
    }

    static Dispatch threads() {
      ScheduledExecutorService timers =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "rule timers");
                t.setDaemon(true);
                return t;
              });
      return threads(Timers.of(timers), timers::shutdownNow);
    }

    /** Everything on the caller's thread, timers on {@code time}: replay's and the simulator's. */
    static Dispatch caller(EventTime time) {
      return new Dispatch(time, () -> {}, Staffing.CALLER, Runnable::run);
    }
  }

  private final Dispatch dispatch;
  private final GapReconciler gaps;
  // Held from an event's journaling to its last lane's offer (see route).
  private final Object ordered = new Object();

  /**
   * What a reactor acts on and with: its rules; the engine's facts, containers and clock (the local
   * clock set by the engine's Date headers, which stamps the events a reconcile makes up); what
   * runs the actions; and who hears what it does.
   */
  public record Parts(
      RuleSet rules,
      ContainerFacts facts,
      ContainerLister lister,
      EngineClock clock,
      ActionExecutor executor,
      ReactorListener listener) {}

  /** Where a reactor starts: the position saved by the last run, and the journal it left. */
  public record Start(Optional<Checkpoint> checkpoint, Optional<EventJournal> journal) {

    /** No saved position and no journal. */
    public static final Start FRESH = new Start(Optional.empty(), Optional.empty());
  }

  private Reactor(Parts parts, Start start, Capacity capacity, Dispatch dispatch) {
    this.dispatch = dispatch;
    this.facts = parts.facts();
    this.errors = new InternalErrors(parts.listener(), Clock.systemUTC());
    this.listener = new GuardedListener(parts.listener(), errors);
    this.journal = start.journal();
    this.progress = new Progress(start.checkpoint(), parts.clock(), start.journal());
    this.laneParts =
        new LaneParts(
            parts.executor(),
            listener,
            progress,
            capacity.running,
            dispatch.timers(),
            dispatch.staffing(),
            capacity.budget,
            facts,
            journal);
    this.gaps =
        new GapReconciler(
            roster,
            parts.lister(),
            parts.clock(),
            dispatch.reconciler(),
            listener,
            this::routeSynthetic);
    routing.set(routing(parts.rules(), Map.of()));
  }

  /**
   * A running reactor: each lane on its own workers, a timer thread, a thread for the reconcile;
   * its command slots and queue budget shared with other engines' reactors through {@code
   * capacity}.
   */
  public static Reactor running(Parts parts, Start start, Capacity capacity) {
    return new Reactor(parts, start, capacity, Dispatch.threads());
  }

  /**
   * A running reactor (each lane on its own workers) whose batch lingers and stop grace are
   * measured on {@code timers}, with no saved position or journal and four command slots: a test's.
   */
  static Reactor onTimers(Parts parts, Timers timers) {
    return new Reactor(parts, Start.FRESH, new Capacity(4), Dispatch.threads(timers, () -> {}));
  }

  /**
   * A reactor for {@code replay}: the same matching, gates and lanes as a running reactor, without
   * threads. Each rule's command runs on the caller's thread as the event is accepted, and every
   * debounce, throttle window and batch linger is measured on {@code time}, which the caller moves
   * to each event's own time before accepting it (and ends after the last): what a replay prints is
   * what {@code run} would have done with the events arriving at their times.
   */
  public static Reactor onEventTime(
      RuleSet rules,
      ContainerFacts facts,
      ActionExecutor executor,
      ReactorListener listener,
      EventTime time) {
    return onOneThread(
        new Parts(rules, facts, List::of, EngineClock.system(), executor, listener),
        Start.FRESH,
        time);
  }

  /**
   * A reactor whose every step runs on the caller's thread, as {@link #onEventTime}'s, with what a
   * running reactor adds (a saved position, a journal, the reconcile after a gap, which lists the
   * containers on the caller's thread too): one seeded thread drives it exactly, step by step, so a
   * history of faults replays from its seed (the fault simulator's).
   */
  public static Reactor onOneThread(Parts parts, Start start, EventTime time) {
    return new Reactor(parts, start, new Capacity(1), Dispatch.caller(time));
  }

  private Routing routing(RuleSet rules, Map<Rule, Lane> reusable) {
    // By identity: the matcher hands out these very rules, and a rule's deep hash would be paid
    // per event and lane.
    IdentityHashMap<Rule, Lane> lanes = new IdentityHashMap<>();
    List<Lane> created = new ArrayList<>();
    try {
      for (Rule rule : rules.rules()) {
        if (!rule.actions().isEmpty()) {
          Lane lane = reusable.get(rule);
          if (lane == null) {
            lane = new Lane(rule, laneParts);
            created.add(lane);
          }
          lanes.put(rule, lane);
        }
      }
      return new Routing(new RuleMatcher(rules.rules()), lanes);
    } catch (RuntimeException | Error e) {
      // A reload that fails half-way leaves no worker threads behind: the old rules stay whole.
      created.forEach(lane -> lane.retire(Optional.empty()));
      throw e;
    }
  }

  @Override
  public void accept(DockerEvent event) {
    long failures = errors.total();
    // Each step's failure is reported and the next step runs. Caught in place, not through a
    // lambda per step: under the launcher's client compiler every capturing lambda is an
    // allocation through the JVM's runtime, and these run for every event
    // (docs/benchmarks-history.md).
    observe(event);
    DockerEvent annotated = event;
    try {
      annotated = kills.annotate(event);
    } catch (RuntimeException e) {
      errors.report(HandlingStep.ANNOTATE, event.describe(), e);
    }
    try {
      roster.observe(annotated);
    } catch (RuntimeException e) {
      errors.report(HandlingStep.ROSTER, annotated.describe(), e);
    }
    route(annotated);
    if (errors.total() == failures) {
      errors.clear();
    }
  }

  @Override
  public void internalError(HandlingStep step, String subject, RuntimeException error) {
    errors.report(step, subject, error);
  }

  /**
   * Why the reactor cannot be trusted to act on events right now: a rule whose worker is not
   * running, or an internal error on the last event handled. Empty when all is well.
   */
  public Optional<String> notReady() {
    return idleRule()
        .map(name -> "rule \"" + name + "\" has no running worker: its events wait")
        .or(errors::notReady);
  }

  /** True while every rule in force has its workers running. */
  public boolean workersRunning() {
    return idleRule().isEmpty();
  }

  private Optional<String> idleRule() {
    return routing.get().lanes().values().stream()
        .filter(lane -> !lane.working())
        .map(lane -> lane.rule().name())
        .findFirst();
  }

  @Override
  public void connected(boolean first) {
    listener.connected(true);
    if (first) {
      gaps.connected();
    }
  }

  @Override
  public void disconnected() {
    listener.connected(false);
  }

  @Override
  public void gap() {
    gaps.gap();
  }

  /** The reconcile after a gap, on the caller's thread, as if the engine listed {@code listed}. */
  void reconcile(List<ContainerSummary> listed, long nowNanos) {
    gaps.reconcile(listed, nowNanos);
  }

  private void route(DockerEvent event) {
    listener.received(event);
    Routing current = routing.get();
    List<Lane> matched = new ArrayList<>(2);
    List<Rule> rules = List.of();
    try {
      rules = current.matcher().matching(event);
    } catch (RuntimeException e) {
      errors.report(HandlingStep.MATCH, event.describe(), e);
    }
    for (Rule rule : rules) {
      listener.matched(rule, event);
      Lane lane = current.lanes().get(rule);
      if (lane != null) {
        matched.add(lane);
      }
    }
    if (!matched.isEmpty()) {
      listener.stage(Stage.MATCHED, event);
    }
    // The reader and a reconcile's thread both route: a lane must be offered its events in the
    // order the journal numbered them, as a spilling lane keeps them there as a range of numbers
    // (one offered out of order cut the range short, or one queued already fell inside it).
    synchronized (ordered) {
      long seq = journaled(event, matched);
      Progress.Ticket ticket = progress.begin(event, matched.size(), seq);
      if (!matched.isEmpty()) {
        // One copy of the event for all the rules that queue it.
        QueuedEvent queued = new QueuedEvent(new EventContext(event, facts), ticket);
        for (Lane lane : matched) {
          // A lane that failed to take the event will never finish it: its share is done here, or
          // the checkpoint would stop at this event for ever.
          try {
            lane.offer(queued);
          } catch (RuntimeException e) {
            errors.report(HandlingStep.QUEUE, event.describe(), e);
            progress.done(ticket, lane.rule());
          }
        }
        queued.offered(progress);
        listener.stage(Stage.QUEUED, event);
      }
    }
  }

  /**
   * Keeps the event in the journal for these lanes before they see it, and returns its sequence
   * number. When the journal is full, the lanes lose it as to a full queue: they are then left
   * empty, and the journal has said so.
   */
  private long journaled(DockerEvent event, List<Lane> lanes) {
    if (journal.isEmpty() || lanes.isEmpty()) {
      return Progress.UNJOURNALED;
    }
    List<String> rules = new ArrayList<>(lanes.size());
    lanes.forEach(lane -> rules.add(lane.rule().name()));
    OptionalLong seq = journal.get().append(event, rules);
    if (seq.isEmpty()) {
      lanes.forEach(
          lane ->
              listener.outcome(
                  lane.rule(), event, new Outcome.Dropped(lane.rule().options().queue())));
      lanes.clear();
      return Progress.UNJOURNALED;
    }
    return seq.getAsLong();
  }

  /**
   * Hands the events the journal kept from before this start to the rules that had not done them,
   * in the order read and with their original identities; a rule no longer in force is done.
   */
  public void recover(Stream<EventJournal.Pending> pending) {
    Routing current = routing.get();
    Map<String, Lane> byName = new HashMap<>();
    current.lanes().values().forEach(lane -> byName.put(lane.rule().name(), lane));
    Map<String, Integer> gone = new HashMap<>();
    for (EventJournal.Pending event : (Iterable<EventJournal.Pending>) pending::iterator) {
      List<Lane> lanes = new ArrayList<>();
      for (String rule : event.rules()) {
        Lane lane = byName.get(rule);
        if (lane != null) {
          lanes.add(lane);
        } else {
          gone.merge(rule, 1, Integer::sum);
          journal.ifPresent(j -> j.done(event.seq(), rule));
        }
      }
      QueuedEvent queued =
          new QueuedEvent(
              new EventContext(event.event(), facts),
              progress.recovered(lanes.size(), event.seq()));
      lanes.forEach(lane -> lane.offer(queued));
      queued.offered(progress);
    }
    gone.forEach(
        (rule, count) ->
            LOG.warn(
                "rule \"{}\" is no longer in force: its {} pending events are dropped",
                rule,
                count));
  }

  /**
   * Puts new rules in force from the next event on. A rule that did not change keeps its lane and
   * queue; the lanes of removed or changed rules run what they have queued, hand what waits in
   * their debounce to the rule's new version when it still matches, and report the rest (and what
   * reaches them after the swap) as {@link Outcome.RuleRemoved}, so every event's ticket completes
   * and the checkpoint keeps moving. A changed rule's new version acts only once the old one has
   * run what it held, so a container's events keep their order across the change. One reload at a
   * time; a reload that throws leaves the rules in force untouched.
   */
  public synchronized void reload(RuleSet rules) {
    Routing old = routing.get();
    // A changed file's unchanged rules are equal, not the same: they find their lanes by value.
    Routing next = routing(rules, new HashMap<>(old.lanes()));
    Map<String, Lane> byName = new HashMap<>();
    next.lanes().values().forEach(lane -> byName.put(lane.rule().name(), lane));
    for (Lane lane : old.lanes().values()) {
      Lane successor = byName.get(lane.rule().name());
      if (successor != null && successor != lane) {
        successor.follow(lane);
      }
    }
    routing.set(next);
    retired.removeIf(Lane::finished);
    for (Lane lane : old.lanes().values()) {
      if (!next.lanes().containsValue(lane)) {
        retired.add(lane);
        lane.retire(Optional.ofNullable(byName.get(lane.rule().name())));
      }
    }
  }

  /**
   * An event of the reactor's own (what a {@code container:} action came to): matched and handled
   * as a read one, journaled first when a rule takes it; from any thread, without waiting.
   */
  public void emit(DockerEvent event) {
    routeSynthetic(event);
  }

  /**
   * A made-up event is seen by the facts as a read one is: without its destroy, a vanished
   * container's inspect document stayed in the cache for good, and one that appeared unseen had
   * none for its die to resolve from.
   */
  private void routeSynthetic(DockerEvent event) {
    observe(event);
    route(event);
  }

  /** The facts see the event (the inspect cache); their failure costs its report, not the event. */
  private void observe(DockerEvent event) {
    try {
      facts.observe(event);
    } catch (RuntimeException e) {
      errors.report(HandlingStep.FACTS, event.describe(), e);
    }
  }

  /** Events waiting in the rules' queues, all rules together. */
  public int queued() {
    return routing.get().lanes().values().stream().mapToInt(Lane::queued).sum();
  }

  /** Events waiting in each rule's queue, by rule name. */
  public Map<String, Integer> queuedByRule() {
    Map<String, Integer> depths = new HashMap<>();
    routing.get().lanes().values().forEach(lane -> depths.put(lane.rule().name(), lane.queued()));
    return depths;
  }

  /** The heap the events waiting in each rule's queue are accounted at, by rule name. */
  public Map<String, Long> queuedBytesByRule() {
    return byRule(Lane::queuedBytes);
  }

  /** The events each rule left in the journal while its queue was full, by rule name. */
  public Map<String, Long> spilledByRule() {
    return byRule(Lane::spilledEvents);
  }

  private Map<String, Long> byRule(ToLongFunction<Lane> value) {
    Map<String, Long> values = new HashMap<>();
    routing
        .get()
        .lanes()
        .values()
        .forEach(lane -> values.put(lane.rule().name(), value.applyAsLong(lane)));
    return values;
  }

  /** The last event whose actions, and all before it, are done. */
  public Optional<Checkpoint> checkpoint() {
    return progress.checkpoint();
  }

  /**
   * Lets queued and running commands finish within the grace period, then kills what remains.
   * Returns true when everything finished in time.
   */
  public boolean stop(Duration grace) throws InterruptedException {
    dispatch.stop().run();
    List<Lane> lanes = new ArrayList<>(routing.get().lanes().values());
    lanes.addAll(retired);
    lanes.forEach(Lane::close);
    // On the lanes' clock, which their waits measure what is left of the grace on.
    long deadline = dispatch.timers().nanoTime() + grace.toNanos();
    boolean drained = true;
    for (Lane lane : lanes) {
      if (!lane.awaitDrained(deadline)) {
        drained = false;
        LOG.warn(
            "rule \"{}\": still busy after {} ms, killing its commands and leaving {} queued events"
                + " to the next start",
            lane.rule().name(),
            grace.toMillis(),
            lane.queued());
        lane.abort();
      }
    }
    for (Lane lane : lanes) {
      lane.join();
    }
    return drained;
  }
}
