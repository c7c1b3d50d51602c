package io.github.dockereventsreactor.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import io.github.dockereventsreactor.rules.RulesSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LintTest {

  private static final String FILE = "src/test/resources/rules/warnings.yml";
  private static final List<String> INSTALLED = List.of("present", "sudo", "salt-call");

  /** A host where only the commands given can run. */
  private record FakeHost(boolean root, Optional<String> noNewPrivileges, List<String> installed)
      implements Host {
    FakeHost(boolean root, Optional<String> noNewPrivileges) {
      this(root, noNewPrivileges, INSTALLED);
    }

    @Override
    public String user() {
      return root ? "root" : "reactor";
    }

    /** The launcher's -Xmx64m. */
    @Override
    public long maxHeapBytes() {
      return 64L << 20;
    }

    @Override
    public Command command(String name) {
      if (installed.isEmpty() || installed.contains(name)) {
        return new Command.Executable("/usr/bin/" + name);
      }
      if (name.equals("./not-executable")) {
        return new Command.NotExecutable(name, user());
      }
      return new Command.NotFound("on the PATH of user " + user() + " (/usr/bin:/bin)");
    }
  }

  private static List<String> lint(String file, Host host) throws Exception {
    RuleSet rules = RulesLoader.load(Path.of(file));
    return Lint.of(rules, RulesSource.parse(file, Files.readString(Path.of(file))), host).stream()
        .map(Problem::toString)
        .collect(Collectors.toList());
  }

  private static String at(String position, String rule, String message) {
    return FILE + ":" + position + ": warning: rule \"" + rule + "\": " + message;
  }

  @Test
  void aJsonLookingBodyWithRawPlaceholdersIsNamedAtTheBody(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yml"),
            """
            events_reactor:
              Chat:
                event: {type: container, action: start}
                webhook:
                  url: http://127.0.0.1:1/hook
                  body: "{'text': '%%actor.name%%'}"
              Number:
                event: {type: container, action: start}
                nats:
                  subject: docker.start
                  body: '{"text": "ok", "code": %%actor.name%%, "event": %%payload%%}'
              Safe:
                event: {type: container, action: start}
                webhook:
                  url: http://127.0.0.1:1/hook
                  body: '{"text": "%%actor.name%%"}'
            """);
    assertThat(lint(file.toString(), new FakeHost(false, Optional.empty(), List.of())))
        .containsExactly(
            file
                + ":6:13: warning: rule \"Chat\": webhook body looks like JSON but is not"
                + " (Unexpected character (''' (code 39)): was expecting double-quote to start"
                + " field name), so its placeholders go in as they are, unescaped: a quote in a"
                + " value can add a field; make it valid JSON with each placeholder inside a"
                + " string's quotes",
            file
                + ":11:13: warning: rule \"Number\": nats body places %%actor.name%% outside a"
                + " JSON string's quotes, as it is: a value there is JSON syntax and can add"
                + " fields; put it inside quotes, where it is escaped");
  }

  @Test
  void aQueueSizeOverTheHeapBudgetIsNamedWithTheBudget(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yml"),
            """
            events_reactor:
              Big:
                queue: 30MiB
                run: [x]
              Fits:
                queue: 20MiB
                run: [x]
            """);
    assertThat(lint(file.toString(), new FakeHost(false, Optional.empty(), List.of())))
        .containsExactly(
            file
                + ":3:12: warning: rule \"Big\": queue: 30720 KiB cannot fit: the events queued for"
                + " all rules share 26214 KiB (40 % of the 64 MiB maximum heap), which drops first;"
                + " lower queue: or raise -Xmx");
  }

  @Test
  void namesEachFieldDockerRemovedFromInspectWhereItIsAndWhatToReadInstead(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yml"),
            """
            events_reactor:
              Sentry:
                run: [relay, '%%container.NetworkSettings.IPAddress%%', '%%container.NetworkSettings.Gateway%%']
                # run: [old, '%%container.NetworkSettings.MacAddress%%']
              Fine:
                run: [x, '%%ip%%', '%%container.NetworkSettings.Networks.web.IPAddress%%', '%%container.Config.Image%%']
            """);

    assertThat(lint(file.toString(), new FakeHost(false, Optional.empty(), List.of())))
        .containsExactly(
            file
                + ":3:19: warning: rule \"Sentry\": %%container.NetworkSettings.IPAddress%% reads a"
                + " field Docker removed from inspect (gone in API 1.52, Docker 29): use %%ip%% or"
                + " %%container.NetworkSettings.Networks.NAME.IPAddress%%",
            file
                + ":3:62: warning: rule \"Sentry\": %%container.NetworkSettings.Gateway%% reads a"
                + " field Docker removed from inspect (gone in API 1.52, Docker 29): use"
                + " %%container.NetworkSettings.Networks.NAME.Gateway%%");
  }

  @Test
  void warnsOfEachProblemAtItsLineAndColumn() throws Exception {
    assertThat(lint(FILE, new FakeHost(false, Optional.empty())))
        .containsExactly(
            at(
                "3:11",
                "Missing command",
                "run: \"notify-missing\" not found on the PATH of user reactor (/usr/bin:/bin):"
                    + " every event this rule matches will fail"),
            at(
                "5:11",
                "Not executable",
                "run: \"./not-executable\" ./not-executable is not executable by reactor: every"
                    + " event this rule matches will fail"),
            at(
                "9:19",
                "Typo in type",
                "type: \"contianer\" is not an event type of Docker or Podman (did you mean"
                    + " \"container\"?)"),
            at(
                "14:23",
                "Typo in action",
                "action: \"destory\" never comes with type container (did you mean \"destroy\"?)"),
            at(
                "17:21",
                "Action of no type",
                "action: \"health_stat\" is not an action of any Docker or Podman event (did you"
                    + " mean \"health_status\"?)"),
            at(
                "21:26",
                "IP of a volume",
                "%%ip%% never has a value on volume events (only container events have one): the"
                    + " action is skipped every time"),
            at(
                "26:3",
                "Starts",
                "never fires: rule \"Catch containers\" above has stop: true and matches every event"
                    + " this one does"),
            at(
                "32:13",
                "Counts",
                "metric: \"network_events_total\" is served as"
                    + " network_events_total_total: leave _total out"),
            at(
                "33:16",
                "Counts",
                "metric label \"job\": Prometheus sets job on every scraped series and renames this"
                    + " one exported_job; pick another name"),
            at(
                "33:40",
                "Counts",
                "metric label \"id\" takes %%actor.id%%, new for every container, image, network or"
                    + " volume, and reactor.metrics.max_series is not set: past the default cap of"
                    + " 500 series its values fold into \"other\"; label by something bounded, or"
                    + " set max_series"));
  }

  @Test
  void warnsOfSudoAsRoot() throws Exception {
    assertThat(lint(FILE, new FakeHost(true, Optional.empty())))
        .contains(
            at("7:11", "Sudo", "run: sudo is needless, the reactor runs as root (root): drop it"));
  }

  /** check run as root at a shell, the unit (with sudo.conf) running the daemon as its user. */
  @Test
  void sudoIsNotNeedlessWhenTheUnitRunsTheDaemonAsAnotherUser() throws Exception {
    FakeHost root = new FakeHost(true, Optional.empty());
    Host rootAtAShell =
        new Host() {
          @Override
          public String user() {
            return root.user();
          }

          @Override
          public boolean root() {
            return true;
          }

          @Override
          public Optional<String> noNewPrivileges() {
            return Optional.empty();
          }

          @Override
          public Optional<String> unitUser() {
            return Optional.of("docker-events-reactor");
          }

          @Override
          public Command command(String name) {
            return root.command(name);
          }
        };
    assertThat(lint(FILE, rootAtAShell)).noneMatch(w -> w.contains("sudo is needless"));
  }

  @Test
  void warnsOfSudoUnderNoNewPrivileges() throws Exception {
    assertThat(lint(FILE, new FakeHost(false, Optional.of("/etc/systemd/system/x.service"))))
        .contains(
            at(
                "7:11",
                "Sudo",
                "run: sudo cannot gain privileges under NoNewPrivileges=yes"
                    + " (/etc/systemd/system/x.service): it fails for every event"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "examples/reactor.yml",
        "examples/operations.yml",
        "examples/notify-lifecycle.yml",
        "src/test/resources/rules/metrics.yml",
        "src/test/resources/rules/operators.yml"
      })
  void fileWhoseCommandsAreInstalledHaveNoWarnings(String file) throws Exception {
    assertThat(lint(file, new FakeHost(false, Optional.empty(), List.of()))).isEmpty();
  }

  @Test
  void suggestsOnlyNearWords() {
    assertThat(EventCatalog.closest("destory", EventCatalog.actions(List.of("container"))))
        .contains("destroy");
    assertThat(EventCatalog.closest("frobnicate", EventCatalog.actions(List.of("container"))))
        .isEmpty();
  }
}
