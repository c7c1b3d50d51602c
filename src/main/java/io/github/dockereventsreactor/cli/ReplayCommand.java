package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.OutcomeLog;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.process.ProcessExecutor;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Rendering;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        BufferedReader lines = open()) {
      EngineFacts facts = new EngineFacts(engine);
      ProcessExecutor executor = new ProcessExecutor(Duration.ofSeconds(5));
      OutcomeLog log = new OutcomeLog();
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
        EventContext context = new EventContext(event, facts);
        for (Rule rule : rules.get().rules()) {
          if (!rule.pattern().matches(event)) {
            continue;
          }
          Rendering rendering = Rendering.of(rule.run(), context);
          out.println(format == Format.json ? json(rule, event, rendering) : text(rule, event, rendering));
          out.flush();
          if (execute && rendering instanceof Rendering.Rendered) {
            Outcome outcome = executor.execute(rule, event, ((Rendering.Rendered) rendering).argv());
            log.outcome(rule, event, outcome);
          }
        }
      }
    }
    return malformed == 0 ? 0 : ReactorCommand.INVALID_INPUT;
  }

  private BufferedReader open() throws IOException {
    return "-".equals(events)
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(events), StandardCharsets.UTF_8);
  }

  private static String text(Rule rule, DockerEvent event, Rendering rendering) {
    String head = event.describe() + ": rule \"" + rule.name() + "\" ";
    if (rendering instanceof Rendering.Skipped) {
      return head + "skipped: " + ((Rendering.Skipped) rendering).reason();
    }
    return head + "runs " + jsonArray(((Rendering.Rendered) rendering).argv());
  }

  private static String json(Rule rule, DockerEvent event, Rendering rendering) {
    ObjectNode line = JSON.createObjectNode();
    line.put("rule", rule.name());
    try {
      line.set("event", JSON.readTree(event.json()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (rendering instanceof Rendering.Skipped) {
      line.put("skipped", ((Rendering.Skipped) rendering).reason());
    } else {
      ArrayNode argv = line.putArray("argv");
      ((Rendering.Rendered) rendering).argv().forEach(argv::add);
    }
    return line.toString();
  }

  private static String jsonArray(List<String> argv) {
    ArrayNode array = JSON.createArrayNode();
    argv.forEach(array::add);
    return array.toString();
  }
}
