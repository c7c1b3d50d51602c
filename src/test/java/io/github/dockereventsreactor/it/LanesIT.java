package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lanes that never die and reloads that never freeze the checkpoint, and patterns that never hold
 * the reader, against the real engine.
 */
class LanesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String prefix = "lanes" + Long.toHexString(System.nanoTime());
  private final List<String> cleanup = new ArrayList<>();
  private Path actions;

  @AfterEach
  void cleanUp() {
    cleanup.forEach(c -> docker.quietly("rm", "-f", c));
  }

  private ReactorProcess reactor(Path rules, String... options) throws Exception {
    actions = dir.resolve("actions");
    Recorders recorders =
        new Recorders(dir)
            .appender("rec", actions)
            .script("slow", "sleep 0.02; printf '%s\\n' \"$*\" >> '" + actions + "'\n");
    List<String> args = new ArrayList<>(List.of("run", "-c", rules.toString()));
    args.addAll(List.of(options));
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(), dir.resolve("reactor.log"), args.toArray(String[]::new));
    reactor.awaitLog("connected to the Docker engine", WAIT);
    return reactor;
  }

  private List<String> actions(String kind) {
    try {
      return Files.exists(actions)
          ? Files.readAllLines(actions).stream()
              .filter(a -> a.startsWith(kind + " "))
              .collect(Collectors.toList())
          : List.of();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long checkpoint(Path state) {
    try {
      return Files.exists(state)
          ? JSON.readTree(Files.readString(state)).path("timeNano").asLong()
          : 0;
    } catch (java.io.IOException e) {
      return 0; // mid-rename: read again
    }
  }

  @Test
  void aReloadUnderABurstThatRemovesDebouncedThrottledAndQueuedRulesKeepsTheCheckpointMoving()
      throws Exception {
    String match = "    event: {type: volume, actor: {id: {glob: '" + prefix + "-*'}}}\n";
    String kept = "  Kept:\n" + match + "    run: [rec, kept, '%%timeNano%%']\n";
    String holding =
        "events_reactor:\n"
            + "  Debounced:\n"
            + match
            + "    debounce: 1h\n    run: [rec, debounced, '%%actor.id%%']\n"
            + "  Throttled:\n"
            + match
            + "    throttle: {max: 1, per: 1h}\n    key: '%%type%%'\n"
            + "    run: [slow, throttled, '%%actor.id%%']\n"
            + "  Queued:\n"
            + match
            + "    run: [slow, queued, '%%actor.id%%']\n"
            + kept;
    Path rules = Files.writeString(dir.resolve("rules.yml"), holding);
    Path state = dir.resolve("state.json");
    int pairs = 150;
    try (ReactorProcess reactor = reactor(rules, "--state-file", state.toString());
        EventLoad load = new EventLoad(docker.host())) {
      CompletableFuture<List<String>> burst =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return load.volumes(prefix, pairs, 0);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      reactor.await(() -> actions("kept").size() >= pairs / 2, WAIT, "half the burst");
      // The queued rule is still far behind: each of its commands takes 20 ms.
      Files.writeString(rules, "events_reactor:\n" + kept);
      reactor.signal("HUP");
      reactor.awaitLog("reloaded " + rules, WAIT);
      burst.join();

      reactor.await(() -> actions("kept").size() == 2 * pairs, WAIT, "every event of the burst");
      long last =
          actions("kept").stream()
              .mapToLong(a -> Long.parseLong(a.split(" ")[1]))
              .max()
              .orElseThrow();
      // Before the fix, the debounced events of the removed rule held the checkpoint for good.
      reactor.await(
          () -> checkpoint(state) >= last, WAIT, "the checkpoint at the burst's last event");

      assertThat(actions("throttled")).hasSize(1);
      assertThat(reactor.log()).contains("rule \"Debounced\" removed by a reload: dropped");
      reactor.signal("TERM");
      assertThat(reactor.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void aNulInAnAttributeOrABacktrackingPatternOnA100KbLabelNeverStopsARule() throws Exception {
    String big = "a".repeat(100_000);
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            "events_reactor:\n"
                + "  Glob:\n"
                + "    event: {type: container, action: create, actor: {big: {glob: '"
                + "*a".repeat(11)
                + "*b'}}}\n"
                + "    run: [rec, glob, '%%actor.id%%']\n"
                + "  Regex:\n"
                + "    event: {type: container, action: create, actor: {big: {regex: '((a+)+)+b'}}}\n"
                + "    run: [rec, regex, '%%actor.id%%']\n"
                + "  Every create:\n"
                + "    event: {type: container, action: create, actor: {name: {glob: '"
                + prefix
                + "-*'}}}\n"
                + "    run: [rec, create, '%%actor.lanes.role%%']\n"
                // The events of three containers, asserted in the order they came.
                + "    order: rule\n");
    try (ReactorProcess reactor = reactor(rules);
        EventLoad load = new EventLoad(docker.host())) {
      cleanup.add(prefix + "-big");
      load.labelled(prefix + "-big", Map.of("big", big, "lanes.role", "big"));
      // Docker copies labels into the attributes, over the real ones: a label "name" with a NUL
      // byte becomes DOCKER_EVENT_ACTOR_NAME, which the OS cannot take; it killed the rule's
      // worker.
      cleanup.add(prefix + "-nul");
      load.labelled(prefix + "-nul", Map.of("name", prefix + "-nul\0x", "lanes.role", "nul"));
      cleanup.add(prefix + "-after");
      load.labelled(prefix + "-after", Map.of("lanes.role", "after"));

      reactor.await(() -> actions("create").contains("create after"), WAIT, "the event after both");
      assertThat(actions("create")).startsWith("create big").contains("create after");
      assertThat(actions("glob")).isEmpty();
      assertThat(actions("regex")).isEmpty();
    }
  }
}
