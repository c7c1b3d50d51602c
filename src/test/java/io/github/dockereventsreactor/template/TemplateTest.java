package io.github.dockereventsreactor.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

  private static final String START =
      "{\"status\":\"start\",\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\","
          + "\"Attributes\":{\"name\":\"sentry_web\",\"com.docker.compose.service\":\"web\","
          + "\"evil\":\"x; rm -rf /tmp/victim $(touch /tmp/pwned) --help\"}},"
          + "\"scope\":\"local\",\"time\":1795535393,\"timeNano\":1795535393749723950}";

  /** Facts that answer from fixed values and count the inspects. */
  static class FixedFacts implements ContainerFacts {
    final AtomicInteger inspects = new AtomicInteger();
    final List<String> inspected = new ArrayList<>();
    private final Lookup ip;

    FixedFacts(Lookup ip) {
      this.ip = ip;
    }

    @Override
    public Lookup host() {
      return Lookup.found("docker-host-1");
    }

    @Override
    public Lookup engineId() {
      return Lookup.found("ENGINE-1");
    }

    @Override
    public Inspection inspect(DockerEvent event) {
      inspects.incrementAndGet();
      inspected.add(event.actor().id());
      if (ip instanceof Lookup.Missing missing) {
        return new Inspection.Missing(missing.reason());
      }
      String address = ((Lookup.Found) ip).value();
      return new Inspection.Found(
          new ContainerDocument() {
            @Override
            public Optional<String> field(String path) {
              return path.equals("Config.Labels.com.example.role")
                  ? Optional.of("web")
                  : Optional.empty();
            }

            @Override
            public Optional<String> ip() {
              return Optional.of(address);
            }

            @Override
            public Optional<String> ip(String network) {
              return network.equals("backend") ? Optional.of(address) : Optional.empty();
            }
          });
    }

    @Override
    public void observe(DockerEvent event) {}
  }

  private static EventContext context(String json, Lookup ip) throws Exception {
    return new EventContext(EventJson.parse(json), new FixedFacts(ip));
  }

  private static Lookup render(String template, EventContext context) throws Exception {
    return Template.parse(template).render(context);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "container.%%action%%|container.start",
        "Docker container %%actor.name%%: %%action%%|Docker container sentry_web: start",
        "%%type%%/%%scope%%|container/local",
        "%%time%% %%timeNano%%|1795535393 1795535393749723950",
        "%%actor.id%%|c0ffee",
        "%%actor.com.docker.compose.service%%|web",
        "%%host%%|docker-host-1",
        "%%engine%% on %%host%%|default on docker-host-1",
        "%%ip%%|172.18.0.2",
        "%%ip.backend%%|172.18.0.2",
        "%%container.Config.Labels.com.example.role%%|web",
        "%%time.iso%%|2026-11-24T15:49:53.749723950Z",
        "%%killed%% %%synthetic%%|false false",
        "100%% sure|100%% sure",
        "no placeholder|no placeholder",
      })
  void substitutesEveryPlaceholder(String template, String expected) throws Exception {
    assertThat(render(template, context(START, Lookup.found("172.18.0.2"))))
        .isEqualTo(Lookup.found(expected));
  }

  @Test
  void theEventIdIsTheSameForEveryDeliveryOfOneEventAndDiffersForAnother() throws Exception {
    Lookup first = render("%%event.id%%", context(START, Lookup.found("x")));
    Lookup again = render("%%event.id%%", context(START, Lookup.found("y")));
    Lookup later =
        render("%%event.id%%", context(START.replace("749723950", "749723951"), Lookup.found("x")));
    Lookup otherEngine =
        Template.parse("%%event.id%%")
            .render(
                new EventContext(
                    EventJson.parse(START),
                    new FixedFacts(Lookup.found("x")) {
                      @Override
                      public Lookup engineId() {
                        return Lookup.found("ENGINE-2");
                      }
                    }));
    assertThat(((Lookup.Found) first).value()).matches("[0-9a-f]{32}");
    assertThat(again).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
    assertThat(otherEngine).isNotEqualTo(first);
  }

  @Test
  void theEventIdIsMissingWithoutAnEngineToNameIt() throws Exception {
    Lookup id =
        Template.parse("%%event.id%%")
            .render(new EventContext(EventJson.parse(START), ContainerFacts.none("offline")));
    assertThat(id).isEqualTo(Lookup.missing("%%event.id%%: offline"));
  }

  @Test
  void anEscapeAppliesToValuesNotToTheLiteralText() throws Exception {
    assertThat(
            Template.parse("a.b %%actor.name%%")
                .escaped(Escape.SUBJECT_TOKEN)
                .render(context(START.replace("sentry_web", "sentry.web"), Lookup.found("x"))))
        .isEqualTo(Lookup.found("a.b sentry_web"));
  }

  @Test
  void payloadIsTheEventJsonAsDockerSentIt() throws Exception {
    assertThat(render("%%payload%%", context(START, Lookup.found("x"))))
        .isEqualTo(Lookup.found(START));
  }

  @Test
  void aMissingAttributeIsMissingNotEmpty() throws Exception {
    assertThat(render("--exit=%%actor.exitCode%%", context(START, Lookup.found("x"))))
        .isEqualTo(Lookup.missing("%%actor.exitCode%%: the event has no actor.exitCode"));
  }

  @Test
  void aValueFullOfShellSyntaxStaysOneArgument() throws Exception {
    List<Template> command =
        List.of(
            Template.parse("notify"), Template.parse("--label"), Template.parse("%%actor.evil%%"));

    Rendering rendering = Rendering.of(command, context(START, Lookup.found("x")));

    assertThat(rendering)
        .isEqualTo(
            new Rendering.Rendered(
                List.of("notify", "--label", "x; rm -rf /tmp/victim $(touch /tmp/pwned) --help")));
  }

  @Test
  void aCommandWithAMissingValueIsSkippedWithTheReason() throws Exception {
    List<Template> command = List.of(Template.parse("relay"), Template.parse("%%ip%%"));

    Rendering rendering =
        Rendering.of(command, context(START, Lookup.missing("container c0ffee no longer exists")));

    assertThat(rendering)
        .isEqualTo(new Rendering.Skipped("%%ip%%: container c0ffee no longer exists"));
  }

  @Test
  void inspectsAtMostOncePerEventWhateverTheNumberOfRules() throws Exception {
    FixedFacts facts = new FixedFacts(Lookup.found("10.0.0.1"));
    EventContext context = new EventContext(EventJson.parse(START), facts);

    Template.parse("%%ip%%").render(context);
    Template.parse("a %%ip%% b %%ip%%").render(context);

    assertThat(facts.inspects).hasValue(1);
    assertThat(facts.inspected).containsExactly("c0ffee");
  }

  @Test
  void anIpForANonContainerEventIsMissingWithoutAnInspect() throws Exception {
    FixedFacts facts = new FixedFacts(Lookup.found("10.0.0.1"));
    DockerEvent volume =
        EventJson.parse("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v\"}}");

    assertThat(Template.parse("%%ip%%").render(new EventContext(volume, facts)))
        .isEqualTo(Lookup.missing("%%ip%%: a volume event has no container"));
    assertThat(facts.inspects).hasValue(0);
  }

  @Test
  void anUnknownPlaceholderIsRejectedWithItsOffset() {
    assertThatThrownBy(() -> Template.parse("relay %%ipp%%"))
        .isInstanceOf(UnknownPlaceholderException.class)
        .hasMessageStartingWith("unknown placeholder %%ipp%% (known: type, action")
        .satisfies(e -> assertThat(((UnknownPlaceholderException) e).offset()).isEqualTo(6));
  }

  @Test
  void aContainerValueItDoesNotHaveIsMissing() throws Exception {
    assertThat(render("%%ip.frontend%%", context(START, Lookup.found("10.0.0.1"))))
        .isEqualTo(
            Lookup.missing(
                "%%ip.frontend%%: container c0ffee has no IP address on network frontend"));
    assertThat(render("%%container.Config.Nope%%", context(START, Lookup.found("10.0.0.1"))))
        .isEqualTo(
            Lookup.missing("%%container.Config.Nope%%: container c0ffee has no Config.Nope"));
  }

  @Test
  void aDefaultStandsInForAMissingValueOnly() throws Exception {
    EventContext context = context(START, Lookup.missing("gone"));

    assertThat(render("%%actor.nope|unknown%%", context)).isEqualTo(Lookup.found("unknown"));
    assertThat(render("%%actor.name|unknown%%", context)).isEqualTo(Lookup.found("sentry_web"));
    assertThat(render("ip=%%ip|none%%", context)).isEqualTo(Lookup.found("ip=none"));
    assertThat(render("%%actor.nope|%%", context)).isEqualTo(Lookup.found(""));
  }

  @Test
  void actionIsTheEnginesOwnWordAndDockerActionTheNameRulesMatch() throws Exception {
    DockerEvent remove =
        EventJson.parse(START.replace("\"start\"", "\"remove\"")).withDockerAction("destroy");
    EventContext context = new EventContext(remove, new FixedFacts(Lookup.found("x")));

    assertThat(render("%%action%% %%docker.action%%", context))
        .isEqualTo(Lookup.found("remove destroy"));
  }
}
