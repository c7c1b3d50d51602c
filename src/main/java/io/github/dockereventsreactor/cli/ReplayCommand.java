package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.engine.KillMemory;
import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.OutcomeLog;
import io.github.dockereventsreactor.engine.RuleMatcher;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
      "Values that need the Docker API come from the engine when it is reachable and the"
          + " container still exists; otherwise that match is reported as skipped, with the"
          + " reason. A malformed line, one that is not UTF-8 or one over 4 MiB is reported with"
          + " its line number and skipped (exit status 1 at the end)."
    })
final class ReplayCommand implements Callable<Integer> {

  /** Built on the first {@code --format json} line: a mapper is a tenth of a second of start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

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

  /** Per batched rule, by name: the events gathering into its next batch. */
  private final Map<String, List<EventContext>> batches = new HashMap<>();

  @Option(names = "--execute", description = "Run the commands for real, one after another.")
  boolean execute;

  @Override
  public Integer call() throws IOException {
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
    int malformed = 0;
    try (EngineOnDemand facts = new EngineOnDemand(engineOptions, rules.get().settings());
        InputStream input = open();
        // Null without --execute: nothing runs, no executor is built.
        ActionRunner executor = execute ? new ActionRunner(rules.get().settings().nats()) : null) {
      OutcomeLog log = new OutcomeLog();
      KillMemory kills = new KillMemory();
      RuleMatcher matcher = new RuleMatcher(rules.get().forEngine(facts.engineName()).rules());
      ReplayLines lines = new ReplayLines(input);
      Optional<ReplayLines.Line> next;
      while ((next = lines.next()).isPresent()) {
        ReplayLines.Line line = next.get();
        if (line.text().isEmpty()) {
          malformed += skipped(out, err, line, line.problem() + ", skipped");
          continue;
        }
        if (line.text().get().isBlank()) {
          continue;
        }
        DockerEvent event;
        try {
          event = EventJson.parse(line.text().get());
        } catch (MalformedEventException e) {
          malformed += skipped(out, err, line, "malformed event, skipped: " + e.getMessage());
          continue;
        }
        try {
          replay(kills.annotate(event), matcher, facts, executor, log, out);
        } catch (RuntimeException e) {
          // As in run, one event's failure is that event's only.
          malformed += skipped(out, err, line, "failed, skipped: " + Reloader.cause(e));
        }
        if (live) {
          out.flush();
        }
      }
      // The batches still gathering when the input ends.
      for (Rule rule : rules.get().rules()) {
        flush(rule, executor, log, out);
      }
    } finally {
      out.flush();
    }
    return malformed == 0 ? 0 : ReactorCommand.INVALID_INPUT;
  }

  /** Reports a line that could not be replayed, compiler style; counts 1. */
  private int skipped(PrintWriter out, PrintWriter err, ReplayLines.Line line, String why) {
    // After what the events before it printed.
    out.flush();
    err.println(events + ":" + line.number() + ": " + why);
    err.flush();
    return 1;
  }

  private void replay(
      DockerEvent event,
      RuleMatcher matcher,
      ContainerFacts facts,
      ActionRunner executor,
      OutcomeLog log,
      PrintWriter out) {
    EventContext context = new EventContext(event, facts);
    for (Rule rule : matcher.matching(event)) {
      if (rule.actions().isEmpty()) {
        out.println(
            format == Format.json ? json(rule, event).toString() : head(rule, event) + "counts");
      }
      if (rule.options().batch().isPresent()) {
        gather(rule, context, executor, log, out);
      } else {
        act(rule, context, executor, log, out);
      }
    }
  }

  /**
   * A batched rule's events go together while they fall within its linger of the batch's first (by
   * their own times) and the batch has room; without a linger each is its own batch, since how many
   * would gather while a command runs depends on how long it runs.
   */
  private void gather(
      Rule rule, EventContext context, ActionRunner executor, OutcomeLog log, PrintWriter out) {
    RuleOptions.Batch batch = rule.options().batch().orElseThrow();
    List<EventContext> waiting = batches.computeIfAbsent(rule.name(), name -> new ArrayList<>());
    if (!waiting.isEmpty()
        && (waiting.size() >= batch.max()
            || context.event().timeNano() - waiting.get(0).event().timeNano()
                > batch.linger().toNanos())) {
      flush(rule, executor, log, out);
    }
    batches.computeIfAbsent(rule.name(), name -> new ArrayList<>()).add(context);
    if (batch.linger().isZero()) {
      flush(rule, executor, log, out);
    }
  }

  /** Acts on the rule's gathered batch, if any. */
  private void flush(Rule rule, ActionRunner executor, OutcomeLog log, PrintWriter out) {
    List<EventContext> waiting = batches.remove(rule.name());
    if (waiting != null && !waiting.isEmpty()) {
      act(rule, EventContext.batch(waiting), executor, log, out);
    }
  }

  private void act(
      Rule rule, EventContext context, ActionRunner executor, OutcomeLog log, PrintWriter out) {
    DockerEvent event = context.event();
    for (Action action : rule.actions()) {
      Prepared prepared = action.prepare(context);
      out.println(
          format == Format.json ? json(rule, event, prepared) : text(rule, event, prepared));
      if (execute) {
        // Before the command's own output.
        out.flush();
        log.outcome(rule, event, execute(executor, rule, event, prepared));
      }
    }
  }

  /**
   * Runs the action; whatever it throws is its outcome, as in a rule's lane, so one bad event never
   * abandons the rest of the file.
   */
  private static Outcome execute(
      ActionRunner executor, Rule rule, DockerEvent event, Prepared prepared) {
    try {
      return executor.execute(rule, event, prepared);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      return new Outcome.Failed(Reloader.cause(e));
    }
  }

  private InputStream open() throws IOException {
    return "-".equals(events) ? System.in : Files.newInputStream(Path.of(events));
  }

  private static String head(Rule rule, DockerEvent event) {
    return event.describe()
        + (event.killed() ? " (killed)" : "")
        + ": rule \""
        + rule.name()
        + "\" ";
  }

  private static String text(Rule rule, DockerEvent event, Prepared prepared) {
    return head(rule, event) + PreparedView.text(prepared);
  }

  private static ObjectNode json(Rule rule, DockerEvent event) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("rule", rule.name());
    try {
      line.set("event", Json.MAPPER.readTree(event.json()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return line;
  }

  private static String json(Rule rule, DockerEvent event, Prepared prepared) {
    ObjectNode line = json(rule, event);
    PreparedView.json(prepared, line);
    return line.toString();
  }
}
