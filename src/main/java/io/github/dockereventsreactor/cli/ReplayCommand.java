package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.KillMemory;
import io.github.dockereventsreactor.engine.OutcomeLog;
import io.github.dockereventsreactor.engine.RuleMatcher;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.EventContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
          + " reason. A malformed line is reported with its line number and skipped (exit status"
          + " 1 at the end)."
    })
final class ReplayCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

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
      description = "text (default) or json: one object per line and match,"
          + " {\"rule\", \"event\", \"argv\"} or {\"rule\", \"event\", \"skipped\"}.")
  Format format;

  @Option(names = "--execute", description = "Run the commands for real, one after another.")
  boolean execute;

  @Override
  public Integer call() throws IOException {
    logging.apply();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<RuleSet> rules = rulesFile.load(err);
    if (rules.isEmpty()) {
      return ReactorCommand.INVALID_INPUT;
    }
    int malformed = 0;
    try (Engine engine = engineOptions.engine(rules.get().settings());
        BufferedReader lines = open();
        ActionRunner executor = new ActionRunner(rules.get().settings().nats())) {
      EngineFacts facts = new EngineFacts(engine);
      OutcomeLog log = new OutcomeLog();
      KillMemory kills = new KillMemory();
      RuleMatcher matcher = new RuleMatcher(rules.get().rules());
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        DockerEvent event;
        try {
          event = EventJson.parse(line);
        } catch (MalformedEventException e) {
          err.println(events + ":" + number + ": malformed event, skipped: " + e.getMessage());
          err.flush();
          malformed++;
          continue;
        }
        event = kills.annotate(event);
        EventContext context = new EventContext(event, facts);
        for (Rule rule : matcher.matching(event)) {
          if (rule.actions().isEmpty()) {
            out.println(format == Format.json ? json(rule, event).toString() : head(rule, event) + "counts");
          }
          for (Action action : rule.actions()) {
            Prepared prepared = action.prepare(context);
            out.println(format == Format.json ? json(rule, event, prepared) : text(rule, event, prepared));
            out.flush();
            if (execute) {
              Outcome outcome =
                  prepared instanceof Prepared.Command
                      ? executor.run(rule, event, (Prepared.Command) prepared)
                      : prepared instanceof Prepared.Message
                          ? executor.publish(rule, event, (Prepared.Message) prepared)
                          : prepared instanceof Prepared.Request
                          ? executor.send(rule, event, (Prepared.Request) prepared)
                          : new Outcome.Skipped(((Prepared.Skipped) prepared).reason());
              log.outcome(rule, event, outcome);
            }
          }
        }
        out.flush();
      }
    }
    return malformed == 0 ? 0 : ReactorCommand.INVALID_INPUT;
  }

  private BufferedReader open() throws IOException {
    return "-".equals(events)
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8);
  }

  private static String head(Rule rule, DockerEvent event) {
    return event.describe() + (event.killed() ? " (killed)" : "") + ": rule \"" + rule.name() + "\" ";
  }

  private static String text(Rule rule, DockerEvent event, Prepared prepared) {
    return head(rule, event) + PreparedView.text(prepared);
  }

  private static ObjectNode json(Rule rule, DockerEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("rule", rule.name());
    try {
      line.set("event", JSON.readTree(event.json()));
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
