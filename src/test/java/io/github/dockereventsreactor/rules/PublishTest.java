package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.template.ContainerFacts;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Inspection;
import io.github.dockereventsreactor.template.Lookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishTest {

  private static final String EXEC =
      "{\"Type\":\"container\",\"Action\":\"exec_start: /bin/sh -c echo a.b >x *\","
          + "\"Actor\":{\"ID\":\"c0ffee\",\"Attributes\":{\"name\":\"web.1\"}},"
          + "\"scope\":\"local\",\"time\":1795535393,\"timeNano\":1795535393749723950}";

  /** An engine named host-1 whose id is ENGINE-1. */
  static final ContainerFacts ENGINE =
      new ContainerFacts() {
        @Override
        public Lookup host() {
          return Lookup.found("host.example.com");
        }

        @Override
        public Lookup engineId() {
          return Lookup.found("ENGINE-1");
        }

        @Override
        public Inspection inspect(DockerEvent event) {
          return new Inspection.Missing("none");
        }

        @Override
        public void observe(DockerEvent event) {}
      };

  private static Prepared prepare(String rulesFile) throws Exception {
    RuleSet rules = RulesLoader.load(Path.of("src/test/resources/rules", rulesFile));
    return rules
        .rules()
        .get(0)
        .actions()
        .get(0)
        .prepare(new EventContext(EventJson.parse(EXEC), ENGINE));
  }

  @Test
  void valuesBecomeOneSubjectTokenEachAndTheMessageCarriesTheEventId() throws Exception {
    Prepared.Message message = (Prepared.Message) prepare("nats.yml");
    assertThat(message.subject())
        .isEqualTo("docker.host_example_com.container.exec_start:_/bin/sh_-c_echo_a_b__x__");
    assertThat(message.headers()).containsEntry("Docker-Actor", "c0ffee");
    assertThat(message.body()).isEqualTo(EXEC);
    assertThat(message.messageId())
        .matches("[0-9a-f]{32}")
        .isEqualTo(
            ((Lookup.Found) new EventContext(EventJson.parse(EXEC), ENGINE).eventId()).value());
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {"web|web", "a.b|a_b", "a b|a_b", "*|_", ">|_", "tab\there|tab_here", "''|_"})
  void subjectSafeValues(String value, String safe) {
    assertThat(io.github.dockereventsreactor.template.Escape.SUBJECT_TOKEN.apply(value))
        .isEqualTo(safe);
  }

  @Test
  void theConnectionSettingsAreRead() throws Exception {
    NatsSettings nats =
        RulesLoader.load(Path.of("src/test/resources/rules/nats.yml")).settings().nats();
    assertThat(nats.servers()).containsExactly("nats://127.0.0.1:4222", "tls://bus.example:4443");
    assertThat(nats.credentials()).isEqualTo(Optional.of("/etc/docker-events-reactor/fleet.creds"));
    assertThat(nats.tls())
        .isEqualTo(
            new NatsTls(
                Optional.of("/etc/nats/ca.pem"),
                Optional.of("/etc/nats/reactor.pem"),
                Optional.of("/etc/nats/reactor-key.pem")));
    assertThat(nats.tls().configured()).isTrue();
    assertThat(NatsSettings.DEFAULTS.tls().configured()).isFalse();
  }

  @Test
  void badSubjectsAndServersAreReportedWithTheirPlace() {
    String f = "src/test/resources/rules/bad-nats.yml";
    List<String> problems;
    try {
      RulesLoader.load(Path.of(f));
      throw new AssertionError("loaded");
    } catch (InvalidRulesException e) {
      problems = e.problems().stream().map(Problem::toString).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(problems)
        .containsExactly(
            f
                + ":3:21: rule \"Wildcard\": nats subject: expected dot-separated tokens without"
                + " spaces or wildcards, found \"docker.>\"",
            f
                + ":5:21: rule \"Space\": nats subject: expected dot-separated tokens without spaces"
                + " or wildcards, found \"docker events.%%type%%\"",
            f
                + ":7:21: rule \"Empty token\": nats subject: expected dot-separated tokens without"
                + " spaces or wildcards, found \"docker..%%type%%\"",
            f
                + ":9:11: rule \"No subject\": nats: needs a subject, such as"
                + " docker.%%type%%.%%action%%",
            f
                + ":11:24: rule \"Unknown key\": unknown key \"stream\" (known: subject, headers,"
                + " body)",
            f
                + ":13:9: nats: expected nats://HOST:PORT or tls://HOST:PORT, found"
                + " \"http://127.0.0.1:4222\"",
            f + ":13:45: nats tls: cert_file and key_file go together (a client" + " certificate)");
  }
}
