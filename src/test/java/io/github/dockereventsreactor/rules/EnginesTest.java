package io.github.dockereventsreactor.rules;

import static io.github.dockereventsreactor.rules.RulesLoaderTest.load;
import static io.github.dockereventsreactor.rules.RulesLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code reactor.engines} and a rule's {@code engine:} key, as the loader reads them. */
class EnginesTest {

  private static List<String> listening(RuleSet rules, String engine) {
    return rules.forEngine(engine).rules().stream().map(Rule::name).toList();
  }

  @Test
  void readsEachEngineWithItsNameHostAndTls() throws Exception {
    Settings settings = load("engines.yml").settings();

    assertThat(settings.engines())
        .containsExactly(
            new NamedEngine("docker", "unix:///var/run/docker.sock", Optional.empty()),
            new NamedEngine("podman", "unix:///run/podman/podman.sock", Optional.empty()),
            new NamedEngine(
                "remote", "tcp://10.0.0.7:2376", Optional.of("/etc/docker-events-reactor/remote")));
    assertThat(settings.engineNames()).containsExactly("docker", "podman", "remote");
    assertThat(settings.dockerHost()).isEmpty();
  }

  @Test
  void aRuleListensToTheEnginesItsEngineKeyMatches() throws Exception {
    RuleSet rules = load("engines.yml");

    assertThat(listening(rules, "docker"))
        .containsExactly("On the Docker engine only", "On both", "On every engine");
    assertThat(listening(rules, "podman"))
        .containsExactly("On both", "On every engine but Docker", "On every engine", "By glob");
    assertThat(listening(rules, "remote"))
        .containsExactly("On every engine but Docker", "On every engine");
    assertThat(rules.rules().get(0).describe())
        .isEqualTo(
            "On the Docker engine only: on type=container action=start from engine docker"
                + " run [\"rec\" \"%%engine%%\"]");
  }

  @Test
  void withoutEnginesTheOneEngineIsNamedDefault() throws Exception {
    assertThat(Settings.DEFAULTS.engineNames()).containsExactly("default");
    assertThat(problems("engine-without-engines.yml"))
        .containsExactly(
            "src/test/resources/rules/engine-without-engines.yml:6:13: rule \"Another\": engine:"
                + " unknown engine \"docker\" (known: default)");
  }

  @Test
  void reportsUnknownEngineNamesAndBadEntriesWithTheirPositions() {
    String f = "src/test/resources/rules/bad-engines.yml:";
    assertThat(problems("bad-engines.yml"))
        .containsExactly(
            f
                + "3:13: rule \"Typo in a name\": engine: unknown engine \"dokcer\" (known: docker,"
                + " podman)",
            f
                + "6:22: rule \"Typo in a list\": engine: unknown engine \"podmn\" (known: docker,"
                + " podman)",
            f
                + "9:13: rule \"Glob of nothing\": engine: {glob: k8s-*} listens to none of the"
                + " engines (docker, podman)",
            f
                + "13:3: docker_host: not with engines:, which says each engine's host and tls (the"
                + " list is the whole truth: move this into an entry)",
            f
                + "14:3: tls: not with engines:, which says each engine's host and tls (the list is"
                + " the whole truth: move this into an entry)",
            f + "18:13: engines: \"docker\" is named twice",
            f
                + "20:13: engines: \"has space\" is not an engine name (letters, digits, _ . -, at"
                + " most 63, a letter or digit first)",
            f + "22:7: engines: each engine needs a name and a host",
            f + "25:7: unknown key \"hots\" (known: name, host, tls)",
            f
                + "29:13: engines: host \"ssh://admin@engine\" is not unix:///path/to/socket or"
                + " tcp://host:port (an ssh:// engine: forward its socket and give the forwarded"
                + " one)");
  }
}
