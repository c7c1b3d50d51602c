package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.core.EngineClock;
import io.github.dockereventsreactor.core.EventSink;
import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.core.KillMemory;
import io.github.dockereventsreactor.core.Resume;
import io.github.dockereventsreactor.core.RuleMatcher;
import io.github.dockereventsreactor.docker.Engine;
import io.github.dockereventsreactor.docker.EngineDialectSink;
import io.github.dockereventsreactor.docker.EngineEventSource;
import io.github.dockereventsreactor.docker.EngineFacts;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code explain}: what each event carries and what the rules would do with it; runs nothing. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Print, for each event of the engine as it happens (or of a file of recorded ones), the"
          + " event in one line and the values of the placeholders a rule would most often use;"
          + " with -c, what each matching rule would run, call or count, and why the rules that"
          + " nearly matched did not (action: start ≠ die). Nothing is ever run."
    })
final class ExplainCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format {
    text,
    json
  }

  @Mixin EngineOptions engineOptions;
  @Mixin LoggingOptions logging;
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "A rules file: show what its rules would do with each event.")
  @Nullable Path config;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Recorded events, one JSON object per line (what docker events --format '{{json .}}'"
              + " prints); - reads standard input. Default: the engine's events from now on.")
  @Nullable String events;

  @Option(
      names = "--filter",
      paramLabel = "KEY=VALUE",
      description =
          "Only these events, in docker events' syntax: type=container, event=die,"
              + " container=NAME|ID, label=KEY[=VALUE], image=, network=, volume=, scope=, …;"
              + " one key's values are alternatives, different keys must all hold.")
  List<String> filters = new ArrayList<>();

  // picocli formats descriptions: %%%% prints %%.
  @Option(
      names = "--all",
      description = "Also every %%%%container.…%%%% value of the inspect document.")
  boolean all;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description =
          "text (default): a readable block per event; json: one object per event and line.")
  Format format;

  @Override
  public Integer call() throws IOException, InterruptedException {
    logging.apply();
    PrintWriter err = spec.commandLine().getErr();
    List<EventPattern> filter;
    try {
      filter = EventFilter.parse(filters);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Optional<RuleSet> rules = Optional.empty();
    if (config != null) {
      RulesFile file = new RulesFile();
      file.path = config;
      rules = file.load(err);
      if (rules.isEmpty()) {
        return ReactorCommand.INVALID_INPUT;
      }
    }
    Settings settings = rules.map(RuleSet::settings).orElse(Settings.DEFAULTS);
    String engineName = engineOptions.engineName(settings);
    try (Engine engine = engineOptions.engine(settings)) {
      EngineFacts facts = new EngineFacts(engine, engineName);
      Explainer explainer =
          new Explainer(
              rules.map(r -> new RuleMatcher(r.forEngine(engineName).rules())), facts, all);
      Shown shown = new Shown(filter, explainer, new KillMemory(), spec.commandLine().getOut());
      boolean legacyFields =
          rules.map(r -> r.settings().engine().legacyPayloadFields()).orElse(false);
      return events == null ? live(engine, facts, shown, err, legacyFields) : recorded(shown, err);
    }
  }

  /** Prints the explanation of each event the filter lets through, in order. */
  private final class Shown {
    private final List<EventPattern> filter;
    private final Explainer explainer;
    private final KillMemory kills;
    private final PrintWriter out;

    Shown(List<EventPattern> filter, Explainer explainer, KillMemory kills, PrintWriter out) {
      this.filter = filter;
      this.explainer = explainer;
      this.kills = kills;
      this.out = out;
    }

    void show(DockerEvent event) {
      DockerEvent annotated = kills.annotate(event);
      if (filter.stream().noneMatch(p -> p.matches(annotated))) {
        return;
      }
      Explanation explanation = explainer.explain(annotated);
      out.println(format == Format.json ? explanation.json() : explanation.text());
      out.flush();
    }
  }

  /**
   * The engine's events from now until interrupted. The reading thread only hands events over:
   * explaining one may inspect a container, and the engine punishes a reader that falls behind.
   */
  private static int live(
      Engine engine, EngineFacts facts, Shown shown, PrintWriter err, boolean legacyFields)
      throws InterruptedException {
    BlockingQueue<DockerEvent> queue = new LinkedBlockingQueue<>();
    EngineEventSource source =
        new EngineEventSource(
            engine,
            Resume.fromNow(EngineClock.system()),
            Duration.ofSeconds(5),
            Settings.DEFAULT_MAX_EVENT_BYTES);
    Thread reader =
        new Thread(
            () -> {
              try {
                // As run reads them: Podman's events matched under Docker's names.
                source.run(
                    EngineDialectSink.of(
                        new EventSink() {
                          @Override
                          public void accept(DockerEvent event) {
                            facts.observe(event);
                            queue.add(event);
                          }

                          @Override
                          public void connected(boolean first) {}

                          @Override
                          public void disconnected() {}

                          @Override
                          public void gap() {}

                          @Override
                          public void internalError(
                              HandlingStep step, String subject, RuntimeException error) {
                            err.println("cannot explain " + subject + ": " + error);
                          }
                        },
                        engine,
                        legacyFields));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "event reader");
    reader.setDaemon(true);
    facts.learnExisting();
    reader.start();
    while (true) {
      shown.show(queue.take());
    }
  }

  /**
   * Recorded events, read as replay reads them: a malformed line, one that is not UTF-8 or one over
   * the cap is reported with its number and skipped (exit 1); none can take the heap.
   */
  private int recorded(Shown shown, PrintWriter err) throws IOException, InterruptedException {
    boolean live = "-".equals(events);
    int[] skipped = {0};
    try (InputStream in = live ? System.in : Files.newInputStream(Path.of(events));
        ReplayInput lines = new ReplayInput(in, live, UnaryOperator.identity())) {
      lines.replayAll(
          new ReplayInput.Replay() {
            @Override
            public void event(DockerEvent event) {
              shown.show(event);
            }

            @Override
            public void problem(int number, String why) {
              err.println(events + ":" + number + ": " + why);
              err.flush();
              skipped[0]++;
            }
          });
    }
    return skipped[0] == 0 ? 0 : ReactorCommand.INVALID_INPUT;
  }
}
