package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code container:} actions through the real jar against the real dockerd: the autoheal recipe's
 * restarts, limit, stop and give-up event; a recovered container left alone; a signal that reaches
 * the container's process; an exec's exit code and output; a label selector's whole stack.
 */
class ContainerActionsIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  final String prefix = "cait" + Long.toHexString(System.nanoTime());
  final List<String> containers = new ArrayList<>();

  /** The engine's CLI: docker here, podman --remote in {@link PodmanContainerActionsIT}. */
  Function<String[], String> cli() {
    Docker docker = Docker.local();
    return docker::run;
  }

  /** Options of {@code run} for the engine the reactor reads, before the rules file. */
  List<String> engineOptions() {
    return List.of();
  }

  String run(String... args) {
    return cli().apply(args);
  }

  void quietly(String... args) {
    try {
      run(args);
    } catch (AssertionError e) {
      // cleanup of what may be gone
    }
  }

  @AfterEach
  void cleanUp() {
    containers.forEach(c -> quietly("rm", "-f", c));
  }

  /** A busybox container started with these options and this command (sleep by default). */
  String container(String name, List<String> options, String... command) {
    containers.add(name);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    args.addAll(options);
    args.add("reactor-test/busybox:latest");
    args.addAll(command.length == 0 ? List.of("sleep", "300") : Arrays.asList(command));
    return run(args.toArray(String[]::new));
  }

  ReactorProcess reactor(Recorders recorders, String rules) throws Exception {
    Path file = dir.resolve("rules.yml");
    Files.writeString(file, rules);
    List<String> args = new ArrayList<>(List.of("run", "-c", file.toString()));
    args.addAll(engineOptions());
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(), dir.resolve("reactor.log"), args.toArray(String[]::new));
    reactor.awaitLog("connected to the Docker engine", WAIT);
    return reactor;
  }

  String health(String name) {
    return run("inspect", "--format", "{{.State.Health.Status}}", name);
  }

  String status(String name) {
    return run("inspect", "--format", "{{.State.Status}}", name);
  }

  @Test
  void theAutohealRecipeRestartsThreeTimesThenStopsAndTellsTheGiveUp() throws Exception {
    Recorders recorders = new Recorders(dir).add("notification-push");
    // The recipe as shipped, with a debounce short enough for a test.
    String recipe =
        Files.readString(Path.of("examples/autoheal.yml"))
            .replace("debounce: 10s", "debounce: 1s")
            .replace("autoheal: \"true\"", "autoheal: \"" + prefix + "\"");
    String name = prefix + "-sick";
    try (ReactorProcess reactor = reactor(recorders, recipe)) {
      long since = Docker.nowNanos();
      String id =
          container(
              name,
              List.of(
                  "--label", "autoheal=" + prefix,
                  "--health-cmd", "false",
                  "--health-interval", "1s",
                  "--health-retries", "1"));
      reactor.await(
          () ->
              recorders.argLines("notification-push").stream()
                  .anyMatch(n -> n.contains("autoheal.gave_up")),
          Duration.ofSeconds(90),
          "the give-up notification");
      assertThat(recorders.argLines("notification-push"))
          .filteredOn(n -> n.contains("autoheal.gave_up"))
          .containsExactly(
              "--type autoheal.gave_up --text gave up on "
                  + name
                  + " after 3 restarts by rule Restart unhealthy containers: stopped");
      assertThat(status(name)).isEqualTo("exited");
      long restarts =
          Docker.local().events(since, Docker.nowNanos()).stream()
              .filter(e -> e.contains(id) && e.contains("\"Action\":\"restart\""))
              .count();
      assertThat(restarts).isEqualTo(3);
      assertThat(reactor.log()).contains("container restart " + name + " (" + id.substring(0, 12));
    }
  }

  @Test
  void aContainerHealthyAgainBeforeTheDebounceEndsIsNotRestarted() throws Exception {
    Recorders recorders = new Recorders(dir);
    String name = prefix + "-blip";
    String rules =
        "events_reactor:\n"
            + "  Restart:\n"
            + "    event: {type: container, action: \"health_status: unhealthy\", actor: {name: "
            + name
            + "}}\n"
            + "    debounce: 8s\n"
            + "    key: \"%%actor.id%%\"\n"
            + "    container: {do: restart}\n";
    try (ReactorProcess reactor = reactor(recorders, rules)) {
      long since = Docker.nowNanos();
      String id =
          container(
              name,
              List.of(
                  "--health-cmd", "test ! -f /tmp/sick",
                  "--health-interval", "1s",
                  "--health-retries", "1"));
      run("exec", name, "touch", "/tmp/sick");
      reactor.await(
          () -> health(name).equals("unhealthy"), WAIT, "the container to turn unhealthy");
      run("exec", name, "rm", "/tmp/sick");
      reactor.awaitLog("its health is healthy now, not unhealthy as the event said", WAIT);
      assertThat(
              Docker.local().events(since, Docker.nowNanos()).stream()
                  .filter(e -> e.contains(id) && e.contains("\"Action\":\"restart\"")))
          .isEmpty();
      assertThat(status(name)).isEqualTo("running");
    }
  }

  @Test
  void killWithHupReachesTheContainersProcess() throws Exception {
    Recorders recorders = new Recorders(dir);
    String name = prefix + "-hup";
    String rules =
        "events_reactor:\n"
            + "  Reload:\n"
            + "    event: {type: container, action: start, actor: {name: "
            + name
            + "}}\n"
            // The shell sets its trap first.
            + "    debounce: 2s\n"
            + "    container: {do: kill, signal: SIGHUP}\n";
    try (ReactorProcess reactor = reactor(recorders, rules)) {
      container(
          name,
          List.of(),
          "sh",
          "-c",
          "trap 'echo got HUP >> /tmp/signals' HUP; while true; do sleep 1; done");
      reactor.await(
          () -> signals(name).contains("got HUP"), WAIT, "the HUP in the container's file");
      assertThat(status(name)).isEqualTo("running");
      reactor.awaitLog("container kill " + name, WAIT);
    }
  }

  private String signals(String name) {
    try {
      return run("exec", name, "cat", "/tmp/signals");
    } catch (AssertionError e) {
      return "";
    }
  }

  @Test
  void execRunsInsideAndItsExitCodeAndOutputAreLogged() throws Exception {
    Recorders recorders = new Recorders(dir);
    String name = prefix + "-exec";
    String rules =
        "events_reactor:\n"
            + "  Reload inside:\n"
            + "    event: {type: container, action: start, actor: {name: "
            + name
            + "}}\n"
            + "    container:\n"
            + "      do: exec\n"
            + "      command: [sh, -c, 'echo \"$GREETING from $(hostname) as $(id -u)\"; echo oops >&2; exit 3']\n"
            + "      user: \"1234\"\n"
            + "      env: {GREETING: \"hello %%actor.name%%\"}\n";
    try (ReactorProcess reactor = reactor(recorders, rules)) {
      String id = container(name, List.of());
      reactor.awaitLog("container exec", WAIT);
      String log = reactor.log();
      assertThat(log)
          .contains("[Reload inside] hello " + name + " from " + id.substring(0, 12) + " as 1234")
          .contains("[Reload inside] oops")
          .contains("container exec " + name + " (" + id.substring(0, 12) + "): failed (exit 3)");
    }
  }

  @Test
  void aLabelSelectorRestartsEveryContainerOfTheProject() throws Exception {
    Recorders recorders = new Recorders(dir);
    String project = prefix + "-stack";
    String rules =
        "events_reactor:\n"
            + "  Restart the stack:\n"
            + "    event: {type: container, action: start, actor: {name: "
            + prefix
            + "-trigger}}\n"
            + "    container:\n"
            + "      do: restart\n"
            + "      stop_timeout: 1s\n"
            + "      labels: {com.docker.compose.project: \"%%actor.stack%%\"}\n";
    try (ReactorProcess reactor = reactor(recorders, rules)) {
      List<String> parts = List.of("db", "web", "worker", "other");
      for (String part : parts) {
        String value = part.equals("other") ? prefix + "-x" : project;
        container(prefix + "-" + part, List.of("--label", "com.docker.compose.project=" + value));
      }
      List<String> before = startedAt(parts);
      container(prefix + "-trigger", List.of("--label", "stack=" + project));
      reactor.await(
          () -> changed(before, startedAt(parts)).equals(List.of("db", "web", "worker")),
          WAIT,
          "a restart of each container of the project, and of none other");
      reactor.awaitLog("container restart", WAIT);
      assertThat(reactor.log()).contains(prefix + "-worker (").doesNotContain(prefix + "-other (");
    }
  }

  private List<String> startedAt(List<String> parts) {
    return parts.stream()
        .map(p -> run("inspect", "--format", "{{.State.StartedAt}}", prefix + "-" + p))
        .collect(Collectors.toList());
  }

  private static List<String> changed(List<String> before, List<String> after) {
    List<String> parts = List.of("db", "web", "worker", "other");
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        changed.add(parts.get(i));
      }
    }
    return changed;
  }
}
