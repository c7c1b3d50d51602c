package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default order against the real engine: one container's events in order, others beside. */
class OrderIT {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int OTHERS = 100;

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "order" + Long.toHexString(System.nanoTime());

  @AfterEach
  void cleanUp() {
    docker.quietly("rm", "-f", prefix + "-one");
  }

  private List<String> actions(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void oneContainersStartDieDestroyReachTheCommandInOrderAmongAHundredOthers() throws Exception {
    Path actions = dir.resolve("actions");
    String one = prefix + "-one";
    // The container's first event is the slowest to handle: were its events not in order, its
    // die and destroy would overtake it on the rule's other workers.
    Recorders recorders =
        new Recorders(dir)
            .script(
                "rec",
                "[ \"$1\" = '"
                    + one
                    + "' ] && [ \"$2\" = start ] && sleep 0.5\n"
                    + "printf '%s\\n' \"$*\" >> '"
                    + actions
                    + "'\n");
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            "events_reactor:\n"
                + "  Containers:\n"
                + "    event: {type: container, action: [create, start, die, destroy],"
                + " actor: {name: {glob: '"
                + prefix
                + "-*'}}}\n"
                + "    run: [rec, '%%actor.name%%', '%%action%%']\n");
    try (ReactorProcess reactor =
            ReactorProcess.start(
                recorders.bin(), dir.resolve("reactor.log"), "run", "-c", rules.toString());
        EventLoad load = new EventLoad(docker.host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      CompletableFuture<Void> others =
          CompletableFuture.runAsync(
              () -> {
                try {
                  load.containers(prefix, OTHERS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      reactor.await(() -> actions(actions).size() >= 10, WAIT, "the first of the others' events");
      docker.run("run", "--rm", "--name", one, "reactor-test/busybox", "true");
      others.join();

      reactor.await(
          () -> actions(actions).size() == 2 * OTHERS + 4, WAIT, "every event of the containers");
      List<String> recorded = actions(actions);
      assertThat(
              recorded.stream().filter(a -> a.startsWith(one + " ")).collect(Collectors.toList()))
          .containsExactly(one + " create", one + " start", one + " die", one + " destroy");
      // Interleaved: others' events came between the container's first and last.
      int first = recorded.indexOf(one + " create");
      int last = recorded.indexOf(one + " destroy");
      assertThat(recorded.subList(first, last)).anyMatch(a -> !a.startsWith(one + " "));
      for (int i = 0; i < OTHERS; i++) {
        String other = prefix + "-" + i;
        assertThat(
                recorded.stream()
                    .filter(a -> a.startsWith(other + " "))
                    .collect(Collectors.toList()))
            .containsExactly(other + " create", other + " destroy");
      }
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }
}
