package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.core.EventTime;
import io.github.dockereventsreactor.core.Listeners;
import io.github.dockereventsreactor.core.OutcomeLog;
import io.github.dockereventsreactor.core.Reactor;
import io.github.dockereventsreactor.daemon.ActionRunner;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EngineDialect;
import io.github.dockereventsreactor.rules.RuleSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: what the rules would do with recorded events — the same matcher and templates as
 * {@code run}, printing each rendering instead of executing it (unless asked).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Read events as JSON lines (what docker events --format '{{json .}}' prints) and print, for"
          + " each event, the rules that match and the argv each would run.",
      "The events go through run's lanes, debounce, throttle and batches on a clock set from"
          + " each event's own time: a held event shows as debounced or throttled, and a line that"
          + " runs later says when (at +N ms).",
      "Values that need the Docker API come from the engine when it is reachable and the"
          + " container still exists; otherwise that match is reported as skipped, with the"
          + " reason. A malformed line, one that is not UTF-8 or one over 4 MiB is reported with"
          + " its line number and skipped (exit status 1 at the end)."
    })
final class ReplayCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format {
    text,
    json
  }

  @Mixin RulesFile rulesFile;
  @Mixin EngineOptions engineOptions;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      required = true,
      paramLabel = "FILE",
      description = "The events, one JSON object per line; - reads standard input.")
  String events;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description =
          "text (default) or json: one object per line and match,"
              + " {\"rule\", \"event\", \"argv\"} or {\"rule\", \"event\", \"skipped\"}.")
  Format format;

  @Option(
      names = "--flavour",
      defaultValue = "docker",
      paramLabel = "docker|podman",
      description =
          "The engine that recorded the events: docker (default) or podman, whose action names"
              + " are translated to Docker's for the rules as run does (remove as destroy, died as"
              + " die, exec_died as exec_die, health_status with HealthStatus).")
  Flavour flavour;

  /** The engines whose events replay reads as run would from them. */
  enum Flavour {
    docker(EngineDialect.DOCKER),
    podman(EngineDialect.PODMAN);

    final EngineDialect dialect;

    Flavour(EngineDialect dialect) {
      this.dialect = dialect;
    }
  }

  @Option(names = "--execute", description = "Run the commands for real, one after another.")
  boolean execute;

  @Override
  public Integer call() throws IOException, InterruptedException {
    logging.apply();
    // Standard input may be a live stream (docker events | replay): each event's lines go out as
    // it is read. A file's go out in large writes: a system call per line (picocli's writer
    // flushes every line) was most of a replay's time.
    boolean live = "-".equals(events);
    PrintWriter out =
        live
            ? spec.commandLine().getOut()
            : new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
    PrintWriter err = spec.commandLine().getErr();
    Optional<RuleSet> rules = rulesFile.load(err);
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    Replaying replaying;
    try (EngineOnDemand facts = new EngineOnDemand(engineOptions, rules.get().settings());
        InputStream input = open();
        // Null without --execute: nothing runs, no executor is built.
        ActionRunner runner = execute ? new ActionRunner(rules.get().settings().nats()) : null) {
      // The same reactor as run's, its lanes and gates on the events' own time.
      EventTime time = new EventTime();
      ReplayPrinter printer =
          new ReplayPrinter(out, format == Format.json, time, Optional.ofNullable(runner));
      Reactor reactor =
          Reactor.onEventTime(
              rules.get().forEngine(facts.engineName()),
              facts,
              printer,
              execute ? new Listeners(printer, new OutcomeLog()) : printer,
              time);
      boolean legacyFields = rules.get().settings().engine().legacyPayloadFields();
      replaying = new Replaying(reactor, time, out, err, live);
      try (ReplayInput lines =
          new ReplayInput(input, live, event -> flavour.dialect.toRules(event, legacyFields))) {
        lines.replayAll(replaying);
      }
      // What still waits (a debounce's last event, a batch gathering) runs as if no event came.
      time.end();
      reactor.stop(Duration.ZERO);
    } finally {
      out.flush();
    }
    return replaying.malformed == 0 ? 0 : ReactorCommand.INVALID_INPUT;
  }

  /** Each event to the reactor on its own time; each line that cannot be replayed reported. */
  private final class Replaying implements ReplayInput.Replay {
    private final Reactor reactor;
    private final EventTime time;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean live;
    private int malformed;

    Replaying(Reactor reactor, EventTime time, PrintWriter out, PrintWriter err, boolean live) {
      this.reactor = reactor;
      this.time = time;
      this.out = out;
      this.err = err;
      this.live = live;
    }

    @Override
    public void event(DockerEvent event) {
      time.advanceTo(event.timeNano());
      reactor.accept(event);
      if (live) {
        out.flush();
      }
    }

    /** Compiler style, after what the events before it printed. */
    @Override
    public void problem(int number, String why) {
      out.flush();
      err.println(events + ":" + number + ": " + why);
      err.flush();
      malformed++;
    }
  }

  private InputStream open() throws IOException {
    return "-".equals(events) ? System.in : Files.newInputStream(Path.of(events));
  }
}
