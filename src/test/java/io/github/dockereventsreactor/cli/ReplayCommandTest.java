package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} through the same lanes and gates as {@code run}, on the events' own time: each
 * test's events are stamped in milliseconds from an origin, and the output says what {@code run}
 * would have done had they arrived at those times.
 */
class ReplayCommandTest {

  private static final long ORIGIN = 1_795_535_393_000_000_000L;

  @TempDir Path dir;

  /** Volume create events of these actors at these times (ms from the origin): "a@0". */
  private Path events(String... stamped) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (String event : stamped) {
      String[] parts = event.split("@", 2);
      long t = ORIGIN + Long.parseLong(parts[1]) * 1_000_000L;
      lines.append(
          "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\""
              + parts[0]
              + "\",\"Attributes\":{\"at\":\""
              + parts[1]
              + "\"}},\"time\":"
              + t / 1_000_000_000L
              + ",\"timeNano\":"
              + t
              + "}\n");
    }
    return Files.writeString(dir.resolve("events.jsonl"), lines);
  }

  private List<String> replay(String options, Path events, String... more) throws Exception {
    return replay(options, "[x, '%%actor.id%%', '%%actor.at%%']", events, more);
  }

  private List<String> replay(String options, String run, Path events, String... more)
      throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            "events_reactor:\n  r:\n" + options + "    run: " + run + "\n");
    return replayWith(rules, events, more);
  }

  private List<String> replayWith(Path rules, Path events, String... more) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(List.of("replay", "-c", rules.toString(), "--events", events.toString()));
    args.addAll(List.of(more));
    int status =
        ReactorCommand.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    assertThat(status).as(err.toString()).isZero();
    return out.toString().lines().toList();
  }

  @Test
  void aContainerActionIsShownAsItWouldActNotCarriedOut() throws Exception {
    Path events =
        Files.writeString(
            dir.resolve("unhealthy.jsonl"),
            "{\"Type\":\"container\",\"Action\":\"health_status: unhealthy\",\"Actor\":{\"ID\":"
                + "\"0123456789abcdef\",\"Attributes\":{\"name\":\"web\"}},\"time\":1795535393,"
                + "\"timeNano\":1795535393000000000}\n");
    Path rules =
        Files.writeString(
            dir.resolve("heal.yml"),
            "events_reactor:\n  heal:\n    container: {do: restart, stop_timeout: 5s,"
                + " limit: {times: 3, per: 10m, then: stop}}\n");

    assertThat(replayWith(rules, events))
        .containsExactly(
            "container health_status: unhealthy web (0123456789abcdef): rule \"heal\" acts: container"
                + " restart (stop timeout 5s) on container \"0123456789abcdef\", at most 3 per"
                + " 10m then stop, if it still fits when re-inspected");
    assertThat(replayWith(rules, events, "--execute"))
        .contains(
            "container health_status: unhealthy web (0123456789abcdef): rule \"heal\" acts: container"
                + " restart (stop timeout 5s) on container \"0123456789abcdef\", at most 3 per"
                + " 10m then stop, if it still fits when re-inspected");
  }

  @Test
  void twoRecordingsReplayedOneAfterTheOtherRunEveryEvent() throws Exception {
    // The second recording is 50 s older than the first and longer than the 256 events kept: the
    // time line steps back, which used to end the replay with "docker-events-reactor: null".
    String[] stamped = new String[600];
    for (int i = 0; i < 300; i++) {
      stamped[i] = "first" + i + "@" + (60_000 + i);
      stamped[300 + i] = "second" + i + "@" + (10_000 + i);
    }

    List<String> out = replay("", events(stamped));

    assertThat(out).hasSize(600).allMatch(line -> line.contains("runs"));
    assertThat(out.get(599)).contains("second299");
  }

  @Test
  void aDebouncedRuleRunsTheLastEventOfEachBurstAfterTheQuietPeriodInEventTime() throws Exception {
    List<String> out =
        replay("    debounce: 1s\n", events("a@0", "a@500", "b@600", "a@3000", "a@3000"));

    assertThat(out)
        .containsExactly(
            "volume create (a): rule \"r\" debounced: a later event of the same key came within"
                + " the quiet period",
            "volume create (a): rule \"r\" runs [\"x\",\"a\",\"500\"] (at +1000ms)",
            "volume create (b): rule \"r\" runs [\"x\",\"b\",\"600\"] (at +1000ms)",
            "volume create (a): rule \"r\" debounced: a later event of the same key came within"
                + " the quiet period",
            "volume create (a): rule \"r\" runs [\"x\",\"a\",\"3000\"] (at +1000ms, after the end"
                + " of the input)");
  }

  @Test
  void aThrottledRuleShowsTheEventsPastItsMaximumAsThrottledUntilTheWindowEnds() throws Exception {
    List<String> out =
        replay(
            "    throttle: {max: 1, per: 1s}\n",
            events("a@0", "a@100", "b@200", "a@999", "a@1000", "a@1100"));

    assertThat(out)
        .containsExactly(
            "volume create (a): rule \"r\" runs [\"x\",\"a\",\"0\"]",
            "volume create (a): rule \"r\" throttled: past the rule's maximum for the window",
            "volume create (b): rule \"r\" runs [\"x\",\"b\",\"200\"]",
            "volume create (a): rule \"r\" throttled: past the rule's maximum for the window",
            "volume create (a): rule \"r\" runs [\"x\",\"a\",\"1000\"]",
            "volume create (a): rule \"r\" throttled: past the rule's maximum for the window");
  }

  @Test
  void aBatchGathersWhatArrivesWithinItsLingerAndRunsWhenFullOrWhenTheLingerEnds()
      throws Exception {
    List<String> out =
        replay(
            "    batch: {max: 3, linger: 1s}\n",
            "[x, '%%batch.size%%']",
            events("a@0", "b@100", "c@200", "d@300", "e@400", "f@10400"));

    // A batch's line shows its first event.
    assertThat(out)
        .containsExactly(
            "volume create (a): rule \"r\" runs [\"x\",\"3\"] (at +200ms)",
            "volume create (d): rule \"r\" runs [\"x\",\"2\"] (at +1000ms)",
            "volume create (f): rule \"r\" runs [\"x\",\"1\"] (at +1000ms, after the end of the"
                + " input)");
  }

  @Test
  void aKeyedRuleDebouncesEachKeyOnItsOwn() throws Exception {
    List<String> out =
        replay("    debounce: 1s\n    key: '%%actor.at%%'\n", events("a@0", "b@0", "c@5000"));

    assertThat(out)
        .containsExactly(
            "volume create (a): rule \"r\" debounced: a later event of the same key came within"
                + " the quiet period",
            "volume create (b): rule \"r\" runs [\"x\",\"b\",\"0\"] (at +1000ms)",
            "volume create (c): rule \"r\" runs [\"x\",\"c\",\"5000\"] (at +1000ms, after the end"
                + " of the input)");
  }

  @Test
  void theJsonLinesSayWhenAnActionRunsAfterItsEventAndWhetherAfterTheInputEnded() throws Exception {
    List<String> out = replay("    debounce: 2s\n", events("a@0", "a@500"), "--format", "json");

    ObjectMapper json = new ObjectMapper();
    JsonNode held = json.readTree(out.get(0));
    JsonNode ran = json.readTree(out.get(1));
    assertThat(out).hasSize(2);
    assertThat(held.path("skipped").asText()).startsWith("debounced:");
    assertThat(held.has("at")).isFalse();
    assertThat(ran.path("argv").get(2).asText()).isEqualTo("500");
    assertThat(ran.path("at").asLong()).isEqualTo(ORIGIN + 2_500_000_000L);
    assertThat(ran.path("after_end_of_input").asBoolean()).isTrue();
  }

  @Test
  void podmanEventsReachTheRulesUnderDockersNamesWithFlavourPodmanAndLegacyFieldsAsRunHasThem()
      throws Exception {
    Path events =
        Files.writeString(
            dir.resolve("podman.jsonl"),
            "{\"Type\":\"container\",\"Action\":\"remove\",\"Actor\":{\"ID\":\"c1\","
                + "\"Attributes\":{\"name\":\"web\",\"image\":\"busybox\"}},\"timeNano\":1}\n");
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            """
            events_reactor:
              gone:
                event: {type: container, action: destroy}
                run: [x, '%%action%%', '%%payload%%']
            reactor:
              payload: {legacy_fields: true}
            """);

    assertThat(replayWith(rules, events)).isEmpty();
    assertThat(replayWith(rules, events, "--flavour", "podman"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("container destroy web (c1): rule \"gone\" runs [\"x\",\"remove\"")
                    .contains("{\\\"status\\\":\\\"remove\\\",\\\"id\\\":\\\"c1\\\""));
  }

  @Test
  void replayPrintsTheDelayToTheMicrosecond() {
    assertThat(ReplayPrinter.millis(1_000_000_000L)).isEqualTo("1000ms");
    assertThat(ReplayPrinter.millis(263_500_000L)).isEqualTo("263.5ms");
    assertThat(ReplayPrinter.millis(1_234L)).isEqualTo("0.001ms");
  }
}
