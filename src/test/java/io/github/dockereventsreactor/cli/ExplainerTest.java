package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.core.RuleMatcher;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.match.EventPattern;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.template.ContainerFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** explain over the recorded events of the fixtures, without an engine. */
class ExplainerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ContainerFacts NO_ENGINE = ContainerFacts.none("no engine in this test");

  private static List<DockerEvent> recorded() throws Exception {
    List<DockerEvent> events = new ArrayList<>();
    for (String line :
        Files.readAllLines(Path.of("src/test/resources/fixtures/events-sample.jsonl"))) {
      events.add(EventJson.parse(line));
    }
    return events;
  }

  private static Explainer explainer() throws Exception {
    return new Explainer(
        Optional.of(
            new RuleMatcher(
                RulesLoader.load(Path.of("src/test/resources/rules/explain.yml")).rules())),
        NO_ENGINE,
        false);
  }

  private static DockerEvent first(String action, String name) throws Exception {
    return recorded().stream()
        .filter(e -> e.action().equals(action) && e.actorName().orElse("").equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aStartShowsItsValuesWhatMatchesRenderAndTheNearMisses() throws Exception {
    String text = explainer().explain(first("start", "rec-sentry_web")).text();

    assertThat(text.lines().collect(Collectors.toList()))
        .containsExactly(
            "container start rec-sentry_web (b7ece45db851) at 2026-11-24T15:49:53.749723950Z",
            "  %%type%%                              container",
            "  %%action%%                            start",
            "  %%scope%%                             local",
            "  %%time.iso%%                          2026-11-24T15:49:53.749723950Z",
            "  %%actor.id%%                          b7ece45db8518a25529dfb64768de422b73d5bb35525c6c7f93c5b11fc78f53d",
            "  %%actor.com.docker.compose.service%%  web",
            "  %%actor.com.example.role%%            web",
            "  %%actor.image%%                       reactor-test/busybox",
            "  %%actor.name%%                        rec-sentry_web",
            "  %%ip%%                                (none: no engine in this test)",
            "  %%engine%%                            default",
            "  %%host%%                              (none: no engine in this test)",
            "  rule \"Hook\" calls POST http://127.0.0.1:9/rec-sentry_web with start",
            "  rule \"Count\" counts container_events_total{service=\"web\"}",
            "  rule \"Crashes\" does not match: action: start ≠ die",
            "  rule \"Sentry\" does not match: actor.name: rec-sentry_web ≠ sentry_web");
  }

  @Test
  void aCrashRendersTheArgvOrSaysWhichValueIsMissing() throws Exception {
    JsonNode json = JSON.readTree(explainer().explain(first("die", "rec-fail")).json());

    assertThat(json.path("event").path("Actor").path("Attributes").path("exitCode").asText())
        .isEqualTo("3");
    assertThat(json.path("placeholders").path("actor.exitCode").asText()).isEqualTo("3");
    assertThat(json.path("placeholders").path("killed").asText()).isEqualTo("false");
    assertThat(json.path("missing").path("ip").asText()).isEqualTo("no engine in this test");
    assertThat(json.path("rules").get(0).path("rule").asText()).isEqualTo("Crashes");
    assertThat(json.path("rules").get(0).path("skipped").asText())
        .isEqualTo("%%ip%%: no engine in this test");
    assertThat(json.path("rules").get(1).path("metric").path("labels").path("service").asText())
        .isEmpty();
  }

  @Test
  void everyRecordedEventIsExplainedAndNothingWithoutRules() throws Exception {
    Explainer bare = new Explainer(Optional.empty(), NO_ENGINE, true);
    for (DockerEvent event : recorded()) {
      JsonNode json = JSON.readTree(bare.explain(event).json());
      assertThat(json.path("placeholders").path("type").asText()).isEqualTo(event.type());
      assertThat(json.path("placeholders").path("actor.id").asText()).isEqualTo(event.actor().id());
      assertThat(json.path("rules")).isEmpty();
      assertThat(json.path("near")).isEmpty();
    }
  }

  @Test
  void filtersInDockersSyntaxGoThroughTheMatcher() throws Exception {
    List<EventPattern> filter =
        EventFilter.parse(
            List.of("type=container", "event=start", "event=die", "container=rec-sentry"));

    List<String> kept =
        recorded().stream()
            .filter(e -> filter.stream().anyMatch(p -> p.matches(e)))
            .map(e -> e.action() + " " + e.actorName().orElse(""))
            .distinct()
            .collect(Collectors.toList());

    // A name prefix, as Docker's own filter: rec-sentry_web and rec-sentry_web2.
    assertThat(kept)
        .containsExactly(
            "start rec-sentry_web",
            "die rec-sentry_web",
            "start rec-sentry_web2",
            "die rec-sentry_web2");
  }

  @Test
  void aLabelFilterTakesAKeyOrAKeyAndValue() throws Exception {
    assertThat(
            recorded().stream()
                .filter(
                    e ->
                        EventFilter.parse(List.of("label=com.example.role=web")).get(0).matches(e)))
        .isNotEmpty()
        .allMatch(e -> e.actor().attribute("com.example.role").orElse("").equals("web"));
    assertThat(
            recorded().stream()
                .filter(e -> EventFilter.parse(List.of("label=exitCode")).get(0).matches(e)))
        .isNotEmpty()
        .hasSizeLessThan(recorded().size())
        .allMatch(e -> e.actor().attribute("exitCode").isPresent());
  }
}
