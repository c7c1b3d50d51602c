package io.github.dockereventsreactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * examples/salt/: no Salt runs here, so the state is read as the YAML Salt reads (it has no Jinja
 * to render) and held to what it promises: the package, the rules checked before they land, the
 * service reloaded when they change.
 */
class SaltStateTest {

  private static final Path STATE = Path.of("examples/salt/docker-events-reactor.sls");

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, List<Object>>> states() throws Exception {
    String text = Files.readString(STATE);
    assertThat(text).doesNotContain("{{", "{%");
    return (Map<String, Map<String, List<Object>>>)
        new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  /** A state's arguments, Salt's list of one-key maps, as one map. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> arguments(String id, String function) throws Exception {
    List<Object> list = states().get(id).get(function);
    assertThat(list).as(id + " " + function).isNotNull();
    return list.stream()
        .map(a -> (Map<String, Object>) a)
        .flatMap(a -> a.entrySet().stream())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Test
  void installsThePackageFromALocalFile() throws Exception {
    assertThat(arguments("docker-events-reactor-package", "pkg.installed").get("sources"))
        .asString()
        .matches("\\[\\{docker-events-reactor=/.*/docker-events-reactor_[\\d.]+_all\\.deb}]");
  }

  @Test
  void checksAndTestsTheRulesBeforeTheyReplaceTheInstalledOnes() throws Exception {
    Map<String, Object> rules = arguments("docker-events-reactor-rules", "file.managed");

    assertThat(rules)
        .containsEntry("name", "/etc/docker-events-reactor/reactor.yml")
        .containsEntry(
            "check_cmd",
            "/usr/bin/docker-events-reactor test /etc/docker-events-reactor/reactor.test.yml"
                + " --rules")
        .containsEntry(
            "require",
            List.of(
                Map.of("pkg", "docker-events-reactor-package"),
                Map.of("file", "docker-events-reactor-rules-test")));
    assertThat(arguments("docker-events-reactor-rules-test", "file.managed"))
        .containsEntry("name", "/etc/docker-events-reactor/reactor.test.yml");
  }

  /**
   * The check_cmd as Salt runs it, the new file's path appended (the test file at the example's
   * place): the example passes, a version that breaks a case or does not load is refused.
   */
  @Test
  void theCheckCommandPassesTheExampleAndRefusesABrokenOrChangedFile(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String command =
        (String) arguments("docker-events-reactor-rules", "file.managed").get("check_cmd");
    String example = Files.readString(Path.of("examples/reactor.yml"));
    Path changed =
        Files.writeString(dir.resolve("changed.yml"), example.replace("\"ops\"", "\"dev\""));
    Path broken =
        Files.writeString(dir.resolve("broken.yml"), example.replace("%%ip%%", "%%ipp%%"));
    assertThat(checkCmd(command, Path.of("examples/reactor.yml"))).isZero();
    assertThat(checkCmd(command, changed)).isEqualTo(1);
    assertThat(checkCmd(command, broken)).isEqualTo(1);
    // Loads and passes its cases, but run would refuse its settings: check's gate is in it too.
    Path unservable =
        Files.writeString(
            dir.resolve("unservable.yml"),
            example + "\nreactor:\n  metrics:\n    listen: 127.0.0.1:999999\n");
    assertThat(checkCmd(command, unservable)).isEqualTo(1);
  }

  private static int checkCmd(String command, Path candidate) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                command
                    .replace("/usr/bin/docker-events-reactor ", "")
                    .replace("/etc/docker-events-reactor/", "examples/")
                    .split(" ")));
    args.add(candidate.toString());
    return io.github.dockereventsreactor.cli.ReactorCommand.commandLine(args.toArray(String[]::new))
        .setOut(new java.io.PrintWriter(new java.io.StringWriter()))
        .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
        .execute(args.toArray(String[]::new));
  }

  @Test
  void keepsTheServiceRunningAndReloadsItWhenTheRulesChange() throws Exception {
    Map<String, Object> service = arguments("docker-events-reactor-service", "service.running");

    assertThat(service)
        .containsEntry("name", "docker-events-reactor")
        .containsEntry("enable", true)
        .containsEntry("reload", true)
        .containsEntry("watch", List.of(Map.of("file", "docker-events-reactor-rules")));
    assertThat(states())
        .containsKeys("docker-events-reactor-rules", "docker-events-reactor-package");
  }
}
