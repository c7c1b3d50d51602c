package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.Capacity;
import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.ContainerActing;
import io.github.dockereventsreactor.core.ContainerLimits;
import io.github.dockereventsreactor.core.EngineClock;
import io.github.dockereventsreactor.core.EventJournal;
import io.github.dockereventsreactor.core.Listeners;
import io.github.dockereventsreactor.core.Reactor;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.core.Resume;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineActions;
import io.github.dockereventsreactor.docker.EngineContainers;
import io.github.dockereventsreactor.docker.EngineDialectSink;
import io.github.dockereventsreactor.docker.EngineEventSource;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.ContainerVerb;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.state.Journal;
import io.github.dockereventsreactor.state.StateFile;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine's part of {@code run}: its client, facts and inspect cache, journal, position, reactor
 * (the rules that listen to it, in lanes of its own) and event stream with its reconnects. Each
 * engine of a reactor has one, read on a thread of its own, so an engine that is down (even at
 * start, where its journal waits for its ID) never delays another's events.
 */
public final class EngineRun {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRun.class);

  /** What every engine's part shares: the settings of the command and of the rules file. */
  public record Shared(
      Optional<StateFile> state,
      boolean several,
      Optional<Long> sinceNanos,
      Duration pingInterval,
      Capacity capacity,
      ActionRunner runner) {}

  private final String name;
  private final Engine engine;
  private final String chosenBy;
  private final EngineFacts facts;
  private final Shared shared;
  private final Optional<Checkpoint> loaded;
  // Kept across reloads (by rule name), lost at a restart: docs/reliability.md says why.
  private final ContainerLimits limits = new ContainerLimits(System::nanoTime);
  private RuleSet rules;
  private @Nullable ReactorListener listener;
  private @Nullable Reactor reactor;
  private @Nullable EngineEventSource source;
  private Optional<Journal> journal = Optional.empty();
  // The engine's dialect: set before the first event, read when a rule's spill comes back.
  private volatile @Nullable EngineDialectSink dialect;
  private Supplier<Optional<Checkpoint>> durable = Optional::empty;
  private Optional<Checkpoint> lastDurable;
  private boolean stopped;
  private @Nullable Thread reader;

  public EngineRun(EngineTarget target, Shared shared, Optional<Checkpoint> loaded, RuleSet rules) {
    this.name = target.name();
    this.engine = Engine.connect(target.address(), rules.settings().maxEventBytes());
    this.chosenBy = target.address().source();
    this.facts = new EngineFacts(engine, name);
    this.shared = shared;
    this.loaded = loaded;
    this.lastDurable = loaded;
    this.rules = rules;
  }

  public String name() {
    return name;
  }

  public EngineFacts facts() {
    return facts;
  }

  /** For the log: where the engine is and which setting chose it. */
  public String describe() {
    return shared.several()
        ? name + " at " + engine.address()
        : engine.address() + ", chosen by " + chosenBy;
  }

  /** Where the engine is, for systemd's status line. */
  public String address() {
    return engine.address();
  }

  /** Who hears of what its reactor does; set before {@link #run} (the metrics need the facts). */
  public synchronized void listener(ReactorListener listener) {
    this.listener = listener;
  }

  /**
   * Opens the journal, resumes, and reads the engine's events until {@link #stop}; on the calling
   * thread. Fails when the journal cannot be opened.
   */
  public void run() throws IOException, InterruptedException {
    synchronized (this) {
      // Called directly (one engine), the caller's thread is the reader a stop interrupts.
      if (reader == null) {
        reader = Thread.currentThread();
      }
      if (stopped) {
        return;
      }
    }
    EngineClock clock = engine.clock();
    if (loaded.isPresent()) {
      engine.syncClock();
    }
    Optional<Journal> opened =
        JournalOpening.open(rules.settings().journal(), shared.state(), facts, shared.several());
    Optional<Checkpoint> saved =
        opened.isPresent() ? Checkpoint.resume(loaded, opened.get().recent()) : loaded;
    Optional<Checkpoint> checkpoint = saved.filter(c -> !fromTheFuture(c, clock));
    Resume resume =
        shared.sinceNanos().isPresent()
            ? Resume.since(shared.sinceNanos().get(), clock)
            : checkpoint.isPresent()
                ? Resume.after(checkpoint.get(), clock)
                : saved.isPresent() ? Resume.behind(saved.get(), clock) : Resume.fromNow(clock);
    synchronized (this) {
      journal = opened;
      if (stopped) {
        return;
      }
      AtomicReference<Reactor> made = new AtomicReference<>();
      ContainerActing acting =
          new ContainerActing(
              new EngineActions(engine),
              limits,
              OwnContainer.ID,
              event -> Objects.requireNonNull(made.get()).emit(event),
              System::nanoTime,
              clock::nowNanos);
      reactor =
          Reactor.running(
              new Reactor.Parts(
                  rules.forEngine(name),
                  facts,
                  new EngineContainers(facts),
                  clock,
                  new EngineExecutor(shared.runner(), acting),
                  new Listeners(listener, acting)),
              // A checkpoint from the future too: its events stay replays in the next save.
              new Reactor.Start(
                  saved,
                  opened.map(
                      j ->
                          EventJournal.translated(
                              j, e -> Objects.requireNonNull(dialect).translate(e)))),
              shared.capacity());
      made.set(reactor);
      durable = JournalOpening.durable(reactor::checkpoint, opened);
      dialect =
          EngineDialectSink.of(reactor, engine, rules.settings().engine().legacyPayloadFields());
      source =
          new EngineEventSource(
              engine, resume, shared.pingInterval(), rules.settings().maxEventBytes());
    }
    if (opened.isPresent()) {
      // Kept as the engine sent them: matched in its dialect (Podman's remove as destroy) again.
      dialect.learn();
      // Read from the journal one at a time as the rules take them: a long backlog never sits
      // in the heap whole (a rule that spills leaves what does not fit on disk).
      try (Stream<EventJournal.Pending> pending = opened.get().pending()) {
        reactor.recover(
            pending.map(
                p -> new EventJournal.Pending(p.seq(), dialect.translate(p.event()), p.rules())));
      }
    }
    facts.learnExisting();
    probeContainerVerbs();
    source.run(dialect);
  }

  /**
   * Warns, once per verb the rules' {@code container:} actions use, when the engine or a socket
   * proxy before it would refuse that call (see {@link EngineActions#refusal}): said at the start,
   * not at the first unhealthy container. On a thread of its own: the stream does not wait for it.
   */
  private void probeContainerVerbs() {
    Map<ContainerVerb, String> verbs = new EnumMap<>(ContainerVerb.class);
    for (Rule rule : rules.rules()) {
      for (Action action : rule.actions()) {
        if (action instanceof Action.Container container) {
          verbs.putIfAbsent(container.verb(), rule.name());
        }
      }
    }
    if (verbs.isEmpty()) {
      return;
    }
    EngineActions actions = new EngineActions(engine);
    Thread probe =
        new Thread(
            () ->
                verbs.forEach(
                    (verb, rule) ->
                        actions
                            .refusal(verb)
                            .ifPresent(
                                why ->
                                    LOG.warn(
                                        "rule \"{}\": container {} would be refused by the engine"
                                            + " at {} or a proxy before it: {}; allow POST and the"
                                            + " container endpoints (a socket proxy's CONTAINERS=1,"
                                            + " POST=1, and EXEC=1 for exec)",
                                        rule,
                                        verb.word(),
                                        engine.address(),
                                        why))),
            "container verb probe");
    probe.setDaemon(true);
    probe.start();
  }

  /** Runs {@link #run} on a thread of its own; {@code failed} hears why it ended early. */
  public synchronized void start(Consumer<String> failed) {
    reader =
        new Thread(
            () -> {
              try {
                run();
              } catch (IOException e) {
                failed.accept("engine " + name + ": cannot open the journal: " + e.getMessage());
              } catch (InterruptedException e) {
                // stopped before its stream started
              } catch (RuntimeException e) {
                // Not one engine's rules silently gone while the others run: the reactor stops.
                failed.accept("engine " + name + ": " + e);
              }
            },
            "engine " + name);
    reader.start();
  }

  /** Waits for the thread of {@link #start}. */
  public void join() throws InterruptedException {
    Thread thread;
    synchronized (this) {
      thread = reader;
    }
    if (thread != null) {
      thread.join();
    }
  }

  /** Stops reading: the stream closes, or a start still waiting for the engine gives up. */
  public synchronized void stop() {
    stopped = true;
    if (source != null) {
      source.close();
    } else if (reader != null) {
      reader.interrupt();
    }
  }

  /** Puts the rules in force on this engine (those that listen to it). */
  public synchronized void reload(RuleSet applied) {
    rules = applied;
    if (reactor != null) {
      reactor.reload(applied.forEngine(name));
    }
  }

  /** Why this engine's part cannot be trusted now; empty when it can or has not started. */
  public synchronized Optional<String> notReady() {
    if (source == null || reactor == null) {
      return Optional.empty();
    }
    return source.notReady().or(reactor::notReady);
  }

  /** True unless its reader is stuck in one event or a rule lost its workers. */
  public synchronized boolean healthy() {
    return (reader == null || reader.isAlive())
        && (source == null || reactor == null || (!source.wedged() && reactor.workersRunning()));
  }

  /** Why its journal cannot be written now; empty while it can, or without one. */
  public Optional<String> journalFailure() {
    Optional<Journal> opened;
    synchronized (this) {
      opened = journal;
    }
    return opened.flatMap(Journal::failure);
  }

  /** Events waiting in each rule's queue, by rule name. */
  public synchronized Map<String, Integer> queuedByRule() {
    return reactor == null ? Map.of() : reactor.queuedByRule();
  }

  /** The heap the events waiting in each rule's queue are accounted at, by rule name. */
  public synchronized Map<String, Long> queuedBytesByRule() {
    return reactor == null ? Map.of() : reactor.queuedBytesByRule();
  }

  /** The events each of its rules left in the journal, by rule name; none before it runs. */
  public synchronized Map<String, Long> spilledByRule() {
    return reactor == null ? Map.of() : reactor.spilledByRule();
  }

  /**
   * The position to save: the last event done, once the journal holds on disk all read before it;
   * the last such position while the journal's disk refuses, or the loaded one before the start.
   */
  public Optional<Checkpoint> position() {
    Supplier<Optional<Checkpoint>> now;
    synchronized (this) {
      now = durable;
    }
    Optional<Checkpoint> position = now.get();
    synchronized (this) {
      if (position.isPresent()) {
        lastDurable = position;
      }
      return lastDurable;
    }
  }

  /**
   * Lets queued and running commands finish within {@code grace}, then kills what remains. True
   * when everything finished in time.
   */
  public boolean finish(Duration grace) throws InterruptedException {
    Reactor started;
    synchronized (this) {
      started = reactor;
    }
    return started == null || started.stop(grace);
  }

  /** Closes the journal (after the last position was saved) and the client. */
  public void close() throws IOException {
    Optional<Journal> kept;
    synchronized (this) {
      kept = journal;
    }
    if (kept.isPresent()) {
      kept.get().close();
    }
    engine.close();
  }

  /** A checkpoint stamped ahead of the engine's clock is reported and not used. */
  private boolean fromTheFuture(Checkpoint checkpoint, EngineClock clock) {
    if (!Resume.fromTheFuture(checkpoint, clock)) {
      return false;
    }
    LOG.warn(
        "the state file's checkpoint{} is stamped {} s ahead of the engine's clock (a clock that ran"
            + " ahead, or a file from elsewhere): resuming from the engine's time minus {} minutes,"
            + " dropping the events it names as replays",
        shared.several() ? " of engine " + name : "",
        (checkpoint.last().timeNano() - clock.nowNanos()) / 1_000_000_000L,
        Resume.RESEND_WINDOW.toMinutes());
    return true;
  }

  /**
   * The positions to save, by engine name: each engine's, over those the state file held (an engine
   * taken out of the list keeps its position for when it comes back).
   */
  public static Optional<Map<String, Checkpoint>> positions(
      Map<String, Checkpoint> loaded, List<EngineRun> runs) {
    Map<String, Checkpoint> positions = new LinkedHashMap<>(loaded);
    runs.forEach(run -> run.position().ifPresent(p -> positions.put(run.name(), p)));
    return positions.isEmpty() ? Optional.empty() : Optional.of(positions);
  }
}
