package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.control.ControlServer;
import io.github.dockereventsreactor.core.Capacity;
import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.Listeners;
import io.github.dockereventsreactor.core.OutcomeLog;
import io.github.dockereventsreactor.core.Periodic;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.daemon.ActionRunner;
import io.github.dockereventsreactor.daemon.Control;
import io.github.dockereventsreactor.daemon.EngineConnection;
import io.github.dockereventsreactor.daemon.EngineRun;
import io.github.dockereventsreactor.daemon.EngineTarget;
import io.github.dockereventsreactor.daemon.EventLog;
import io.github.dockereventsreactor.daemon.Reloader;
import io.github.dockereventsreactor.daemon.RulesWatch;
import io.github.dockereventsreactor.daemon.Signals;
import io.github.dockereventsreactor.daemon.StageRecording;
import io.github.dockereventsreactor.metrics.MetricsServer;
import io.github.dockereventsreactor.metrics.ReactorMetrics;
import io.github.dockereventsreactor.rules.DurationText;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.state.CheckpointWriter;
import io.github.dockereventsreactor.state.StateFile;
import io.github.dockereventsreactor.state.StateLock;
import io.github.dockereventsreactor.systemd.Notify;
import io.github.dockereventsreactor.systemd.NotifyListener;
import io.github.dockereventsreactor.systemd.Watchdog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code run}: the daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Stream the Docker engine's events and run the commands of the rules that match.",
      "Without -c, the rules come from $XDG_CONFIG_HOME/docker-events-reactor/reactor.yml"
          + " (~/.config/… without XDG_CONFIG_HOME), else /etc/docker-events-reactor/reactor.yml;"
          + " with neither, it logs one line per event and counts them for the metrics.",
      "SIGHUP (or the reload command) reloads the rules (a broken file keeps the old ones). SIGTERM or SIGINT stops it:"
          + " reading stops, queued and running commands get --shutdown-timeout to finish, what"
          + " remains is killed, the checkpoint is saved, and it exits 0. A second signal exits"
          + " at once."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(250);

  @Mixin RulesFile rulesFile;
  @Mixin EngineOptions engineOptions;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  @Option(
      names = "--metrics-listen",
      paramLabel = "[HOST:]PORT",
      defaultValue = "${env:REACTOR_METRICS_LISTEN}",
      description =
          "Serve /metrics, /healthz and /readyz here (a port alone listens on loopback). Default:"
              + " $REACTOR_METRICS_LISTEN, else reactor.metrics.listen in the rules file; none: off.")
  @Nullable String metricsListen;

  @Option(
      names = "--control-socket",
      paramLabel = "PATH",
      defaultValue = "${env:" + ControlRequest.SOCKET_VARIABLE + "}",
      description =
          "Answer health and reload on a Unix socket here, for this user only (default: $"
              + ControlRequest.SOCKET_VARIABLE
              + "; none: no socket).")
  @Nullable Path controlSocket;

  @Option(
      names = "--state-file",
      paramLabel = "PATH",
      description =
          "Save the checkpoint (the last event whose actions are all done) here, and resume from"
              + " it on start. Default: reactor.state_file in the rules file; none: start from now.")
  @Nullable Path stateFile;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      converter = SinceConverter.class,
      description =
          "Start from this time instead of the checkpoint: Unix seconds (1795535393.5), an ISO"
              + " instant (2026-11-25T10:00:00Z) or a duration ago (10m). The engine replays only"
              + " its last 256 events.")
  @Nullable Long sinceNanos;

  @Option(
      names = "--max-running",
      paramLabel = "N",
      description =
          "At most N commands run at once, all rules (and engines) together (default: 4 per CPU).")
  int maxRunning = 4 * Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "On stop, how long queued and running commands may take (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(
      names = "--ping-interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Watch the event stream this often: ping the engine after an interval without a line, and reconnect on a failed ping (default: ${DEFAULT-VALUE}).")
  Duration pingInterval;

  @Option(names = "--watch", description = "Reload the rules when the file changes, as on SIGHUP.")
  boolean watch;

  private Optional<StateLock> lock = Optional.empty();

  @Override
  public Integer call() throws Exception {
    refuseOptionsThatCannotWork();
    logging.apply();
    DefaultRules defaults = new DefaultRules(System.getenv());
    if (rulesFile.path == null) {
      rulesFile.path = defaults.find().orElse(null);
    }
    boolean embedded = rulesFile.path == null;
    if (embedded) {
      LOG.info("{}", defaults.notice());
    }
    Optional<RuleSet> rules =
        embedded ? Optional.of(DefaultRules.EMBEDDED) : rulesFile.load(spec.commandLine().getErr());
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    Optional<AdapterSettings.Listen> listen =
        AdapterSettings.Listen.of(Optional.ofNullable(metricsListen), rules.get().settings());
    List<String> problems = AdapterSettings.problems(rules.get().settings(), engineOptions, listen);
    if (!problems.isEmpty()) {
      problems.forEach(p -> spec.commandLine().getErr().println("docker-events-reactor: " + p));
      return ReactorCommand.INVALID_INPUT;
    }
    Optional<StateFile> state =
        Optional.ofNullable(stateFile)
            .or(() -> rules.get().settings().stateFile().map(Path::of))
            .map(StateFile::new);
    Optional<Map<String, Checkpoint>> positions = positions(state);
    if (positions.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    Map<String, Checkpoint> loaded = positions.get();
    Notify systemd = Notify.fromEnvironment(System.getenv());
    boolean several = !rules.get().settings().engines().isEmpty();
    ActionRunner runner = new ActionRunner(rules.get().settings().nats());
    EngineRun.Shared shared =
        new EngineRun.Shared(
            state,
            several,
            Optional.ofNullable(sinceNanos),
            pingInterval,
            new Capacity(maxRunning),
            runner);
    List<EngineRun> runs = new ArrayList<>();
    for (EngineTarget target : engineOptions.targets(rules.get().settings())) {
      runs.add(
          new EngineRun(
              target, shared, Optional.ofNullable(loaded.get(target.name())), rules.get()));
    }
    // Without an endpoint to serve them, metrics (and the JVM's management beans) stay unloaded.
    Optional<ReactorMetrics> metrics = listen.map(address -> metrics(rules.get(), runs));
    metrics.ifPresent(m -> m.rules(rules.get()));
    List<EngineConnection> connections = new ArrayList<>();
    for (EngineRun run : runs) {
      connections.add(new EngineConnection(several ? run.name() : run.address()));
      listen(
          run, runs, metrics, embedded, several, systemd, connections.get(connections.size() - 1));
    }
    MetricsServer server = metrics.isPresent() ? serve(listen.get(), metrics.get()) : null;
    AtomicReference<String> failure = new AtomicReference<>();
    Runnable stopReading = () -> runs.forEach(EngineRun::stop);
    Signals.onTermination(
        () -> {
          systemd.stopping(shutdownTimeout);
          LOG.info("stopping: no more events are read");
          stopReading.run();
        });
    Supplier<Reloader.Result> reload = reload(rulesFile.path, systemd, rules.get(), metrics, runs);
    // SIGHUP and --watch: the outcome is logged and counted; only the control socket answers it.
    Runnable reloadUnasked =
        () -> {
          Reloader.Result unused = reload.get();
        };
    Signals.onHangup(reloadUnasked);
    ScheduledExecutorService saver =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "checkpoint"));
    Optional<CheckpointWriter<?>> writer = state.map(file -> writer(file, loaded, runs, several));
    metrics.ifPresent(
        m -> {
          writer.ifPresent(w -> m.readiness().stateWrites("state_file", w::failure));
          runs.forEach(run -> m.readiness().stateWrites("journal", run::journalFailure));
        });
    writer.ifPresent(
        w ->
            Periodic.every(
                saver, CHECKPOINT_EVERY, CHECKPOINT_EVERY, "saving the checkpoint", w::save));
    LOG.info(
        "{} rules loaded from {}, connecting to {}{}{}",
        rules.get().rules().size(),
        embedded ? "the embedded default" : rulesFile.path,
        runs.stream().map(EngineRun::describe).collect(Collectors.joining(", ")),
        state.map(f -> ", checkpoint in " + f.path()).orElse(""),
        server == null ? "" : ", metrics on port " + server.port());
    // systemd's watchdog: its pings say the readers live and none is stuck in one event, and every
    // rule has its workers; a quiet or absent engine is no reason to stop them.
    Thread main = Thread.currentThread();
    Watchdog.start(
        System.getenv(),
        systemd,
        () -> main.isAlive() && runs.stream().allMatch(EngineRun::healthy));
    RulesWatch watching =
        watch && rulesFile.path != null ? new RulesWatch(rulesFile.path, reloadUnasked) : null;
    ControlServer control =
        controlSocket == null
            ? null
            : ControlServer.start(
                controlSocket,
                new Control(
                    problems(runs, connections, state, writer),
                    () -> Control.answer(reload.get())));
    // Ready once the rules are loaded and the readers run: the engine's connection is the status
    // line's and /readyz's, so a start while the engine is away does not block until a timeout.
    systemd.ready(
        rules.get().rules().size()
            + " rules loaded, connecting to "
            + runs.stream().map(EngineRun::address).collect(Collectors.joining(", ")));
    try {
      read(runs, several, failure, stopReading);
    } finally {
      if (watching != null) {
        watching.close();
      }
      if (control != null) {
        control.close();
      }
    }
    boolean drained = finish(runs);
    runner.close();
    saver.shutdownNow();
    saver.awaitTermination(5, TimeUnit.SECONDS);
    // The last position, once every command that will finish has.
    writer.ifPresent(CheckpointWriter::save);
    close(runs, server);
    if (lock.isPresent()) {
      lock.get().close();
    }
    if (failure.get() != null) {
      spec.commandLine().getErr().println(failure.get());
      return ReactorCommand.INVALID_INPUT;
    }
    LOG.info(drained ? "stopped" : "stopped; commands still running were killed");
    return 0;
  }

  private static MetricsServer serve(AdapterSettings.Listen listen, ReactorMetrics metrics)
      throws IOException {
    try {
      return MetricsServer.start(listen.address(), metrics);
    } catch (IOException e) {
      throw new IOException(listen.option() + " " + e.getMessage(), e);
    }
  }

  /**
   * Values picocli's types let through that no daemon can work with: no slot for a command waits
   * every event's commands forever, a ping every 0 ms is refused by the timer at each connection,
   * which reconnects without end.
   */
  private void refuseOptionsThatCannotWork() {
    if (maxRunning < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--max-running': "
              + maxRunning
              + " (at least 1: with fewer, no command would ever run)");
    }
    if (pingInterval.toMillis() < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--ping-interval': must be 1ms or longer, found "
              + pingInterval.toMillis()
              + "ms");
    }
  }

  /**
   * What SIGHUP, --watch and the control socket's reload run: the file's reload between systemd's
   * notifications, or a refusal when the rules are the embedded default ({@code file} null).
   */
  private Supplier<Reloader.Result> reload(
      @Nullable Path file,
      Notify systemd,
      RuleSet started,
      Optional<ReactorMetrics> metrics,
      List<EngineRun> runs) {
    if (file == null) {
      return () -> {
        String said = "no rules file to reload: running the embedded default; restart to read one";
        LOG.warn("{}", said);
        return new Reloader.Result(false, said);
      };
    }
    Reloader reloader = reloader(file, started, metrics, runs);
    return () -> systemd.aroundReload(reloader::reload, Reloader.Result::applied);
  }

  /**
   * Why the daemon is not healthy, for the control socket's health: an engine's stream not
   * connected or not trusted, its reader stuck, or a state file that cannot be written.
   */
  private static List<Supplier<Optional<String>>> problems(
      List<EngineRun> runs,
      List<EngineConnection> connections,
      Optional<StateFile> state,
      Optional<CheckpointWriter<?>> writer) {
    List<Supplier<Optional<String>>> problems = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      EngineRun run = runs.get(i);
      problems.add(connections.get(i)::notConnected);
      problems.add(run::notReady);
      problems.add(
          () ->
              run.healthy()
                  ? Optional.empty()
                  : Optional.of(
                      "engine "
                          + run.name()
                          + ": its reader is stuck in one event or a rule lost its workers"));
    }
    writer.ifPresent(w -> problems.add(w::failure));
    state.ifPresent(
        file ->
            problems.add(
                () -> {
                  try {
                    return file.checkWritable();
                  } catch (IOException e) {
                    return Optional.of(String.valueOf(e.getMessage()));
                  }
                }));
    return problems;
  }

  /** Metrics first: a counter the registry refuses fails the reload before the rules change. */
  private Reloader reloader(
      Path file, RuleSet started, Optional<ReactorMetrics> metrics, List<EngineRun> runs) {
    return new Reloader(
        file,
        applied -> {
          metrics.ifPresent(m -> m.rules(applied));
          runs.forEach(run -> run.reload(applied));
          if (!applied.settings().engines().equals(started.settings().engines())) {
            LOG.warn("reactor.engines changed: the engines read change at a restart only");
          }
        },
        succeeded -> metrics.ifPresent(m -> m.reloaded(succeeded)));
  }

  private static void close(List<EngineRun> runs, @Nullable MetricsServer server)
      throws IOException {
    for (EngineRun run : runs) {
      run.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Each engine's position in the state file (none without one), once this reactor holds its lock
   * and the file is known to be writable (or to be refused only by a full or read-only disk, which
   * is logged and run on); empty, with the reason on stderr, when another reactor holds it, or it
   * cannot be read, or never written where it is.
   */
  private Optional<Map<String, Checkpoint>> positions(Optional<StateFile> state) {
    if (state.isEmpty()) {
      return Optional.of(Map.of());
    }
    try {
      // Held until the process ends: the kernel lets it go however that is.
      lock = StateLock.take(state.get(), ProcessHandle.current().pid());
    } catch (IOException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return Optional.empty();
    }
    Map<String, Checkpoint> loaded;
    try {
      loaded = state.get().positions(StateFile.ONE_ENGINE);
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "cannot read the state file: "
                  + e.getMessage()
                  + "; fix it, or move it away to start from now");
      return Optional.empty();
    }
    try {
      // A full or read-only disk may get room or be remounted: the reactor runs, degraded.
      state
          .get()
          .checkWritable()
          .ifPresent(
              why ->
                  LOG.error(
                      "{}: running without saving progress until it can be written (tried again"
                          + " every {} ms); /readyz says not ready meanwhile",
                      why,
                      CHECKPOINT_EVERY.toMillis()));
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(e.getMessage() + "; the reactor could never save its progress");
      return Optional.empty();
    }
    return Optional.of(loaded);
  }

  private static ReactorMetrics metrics(RuleSet rules, List<EngineRun> runs) {
    return new ReactorMetrics(
        rules.settings().metrics(),
        runs.get(0).facts()::healthcheckCommand,
        new ReactorMetrics.Queues(
            () -> byEngine(runs, EngineRun::queuedByRule),
            () -> byEngine(runs, EngineRun::queuedBytesByRule),
            () -> byEngine(runs, EngineRun::spilledByRule)),
        new ReactorCommand.Version().getVersion()[0],
        rules.settings().engineNames());
  }

  /** What hears an engine's events and outcomes: the log, the metrics, systemd's status line. */
  private static void listen(
      EngineRun run,
      List<EngineRun> runs,
      Optional<ReactorMetrics> metrics,
      boolean embedded,
      boolean several,
      Notify systemd,
      EngineConnection connection) {
    Optional<ReactorListener> counted =
        metrics.map(
            m -> run == runs.get(0) ? m : m.forEngine(run.name(), run.facts()::healthcheckCommand));
    run.listener(
        listeners(
            embedded,
            several ? Optional.of(run.name()) : Optional.empty(),
            counted,
            new NotifyListener(systemd, run.address()),
            connection));
    metrics.ifPresent(m -> m.readiness().notReadyWhen(run.name(), run::notReady));
  }

  /** One engine's position in the file as before; several engines' under their names. */
  private static CheckpointWriter<?> writer(
      StateFile file, Map<String, Checkpoint> loaded, List<EngineRun> runs, boolean several) {
    return several
        ? CheckpointWriter.ofEngines(file, () -> EngineRun.positions(loaded, runs), loaded)
        : CheckpointWriter.of(
            file, runs.get(0)::position, Optional.ofNullable(loaded.get(StateFile.ONE_ENGINE)));
  }

  /**
   * Reads every engine's events until the reactor stops: one engine on this thread, several on
   * threads of their own; {@code failure} hears why one ended early, which stops them all.
   */
  private static void read(
      List<EngineRun> runs, boolean several, AtomicReference<String> failure, Runnable stopReading)
      throws InterruptedException {
    if (several) {
      runs.forEach(
          run ->
              run.start(
                  why -> {
                    failure.compareAndSet(null, why);
                    stopReading.run();
                  }));
      for (EngineRun run : runs) {
        run.join();
      }
      return;
    }
    try {
      runs.get(0).run();
    } catch (IOException e) {
      failure.set("cannot open the journal: " + e.getMessage());
    } catch (InterruptedException e) {
      LOG.info("stopped while waiting for the engine");
    }
  }

  /**
   * Lets every engine's commands finish: one grace period for all, each next engine getting what is
   * left of it. True when all finished in time.
   */
  private boolean finish(List<EngineRun> runs) throws InterruptedException {
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    boolean drained = true;
    for (EngineRun run : runs) {
      Duration left =
          run == runs.get(0)
              ? shutdownTimeout
              : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      drained &= run.finish(left);
    }
    return drained;
  }

  private static <T> Map<String, Map<String, T>> byEngine(
      List<EngineRun> runs, Function<EngineRun, Map<String, T>> figures) {
    Map<String, Map<String, T>> all = new LinkedHashMap<>();
    runs.forEach(run -> all.put(run.name(), figures.apply(run)));
    return all;
  }

  /**
   * The log (naming the engine when there are several), the metrics and the stages a recording
   * times; a daemon without rules also logs every event, or it says nothing.
   */
  private static Listeners listeners(
      boolean embedded,
      Optional<String> engine,
      Optional<ReactorListener> metrics,
      ReactorListener notified,
      ReactorListener connection) {
    List<ReactorListener> all =
        new ArrayList<>(List.of(new OutcomeLog(engine), notified, connection));
    if (embedded) {
      all.add(new EventLog());
    }
    metrics.ifPresent(all::add);
    all.add(new StageRecording());
    return new Listeners(all.toArray(ReactorListener[]::new));
  }

  /**
   * Reads durations as the rules file writes them. A refusal is a {@link TypeConversionException}:
   * picocli prints its message alone, where any other exception came out as "cannot convert … to
   * Duration (java.lang.IllegalArgumentException: …)".
   */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return refusedInWords(() -> DurationText.parse(value));
    }
  }

  /** Reads {@code --since}: Unix seconds, an ISO instant, or a duration ago; in nanoseconds. */
  static final class SinceConverter implements picocli.CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return refusedInWords(() -> SinceText.parse(value, Instant.now()));
    }
  }

  private static <T> T refusedInWords(Supplier<T> conversion) {
    try {
      return conversion.get();
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
