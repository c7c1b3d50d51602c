package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every match operator and their combinations through {@code replay --format json} on the events
 * recorded from a real engine; the expectations are written here independently, in plain Java.
 */
class MatchingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTS = Path.of("src/test/resources/fixtures/events-sample.jsonl");

  private static String attr(JsonNode e, String key) {
    JsonNode value = e.path("Actor").path("Attributes").path(key);
    return value.isMissingNode() ? null : value.asText();
  }

  private static String type(JsonNode e) {
    return e.path("Type").asText();
  }

  private static String action(JsonNode e) {
    return e.path("Action").asText();
  }

  @Test
  void eachOperatorAndCombinationMatchesWhatItSays() throws Exception {
    Process replay =
        new ProcessBuilder(
                "java",
                "-jar",
                ReactorProcess.JAR.toString(),
                "replay",
                "-c",
                "src/test/resources/rules/operators.yml",
                "--events",
                EVENTS.toString(),
                "--format",
                "json")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(replay.exitValue()).isZero();

    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(EVENTS)) {
      events.add(JSON.readTree(line));
    }
    Map<String, List<Long>> actual = new TreeMap<>();
    for (String line : out.split("\n")) {
      JsonNode match = JSON.readTree(line);
      actual
          .computeIfAbsent(match.path("rule").asText(), k -> new ArrayList<>())
          .add(match.path("event").path("timeNano").asLong());
    }

    Map<String, Predicate<JsonNode>> expected = new TreeMap<>();
    expected.put(
        "glob names",
        e ->
            type(e).equals("container")
                && attr(e, "name") != null
                && attr(e, "name").startsWith("rec-sentry_"));
    expected.put("regex actions", e -> action(e).matches("exec_(start|die).*"));
    expected.put(
        "not volume or network", e -> !type(e).equals("volume") && !type(e).equals("network"));
    expected.put("has an exit code", e -> attr(e, "exitCode") != null);
    expected.put(
        "container without exit code",
        e -> type(e).equals("container") && attr(e, "exitCode") == null);
    expected.put("mixed list", e -> action(e).equals("create") || action(e).startsWith("un"));
    expected.put(
        "web starts or failed dies",
        e ->
            type(e).equals("container")
                && ((action(e).equals("start") && "web".equals(attr(e, "com.example.role")))
                    || (action(e).equals("die") && !"0".equals(attr(e, "exitCode")))));
    expected.put("images only here", e -> type(e).equals("image"));
    expected.put("everything else", e -> !type(e).equals("image"));
    // rec-sentry_web2 was killed 19 ms before it died; rec-fail and the first die were not.
    expected.put(
        "stopped, not crashed", e -> action(e).equals("die") && "137".equals(attr(e, "exitCode")));
    expected.put("crashed", e -> action(e).equals("die") && !"137".equals(attr(e, "exitCode")));

    for (Map.Entry<String, Predicate<JsonNode>> rule : expected.entrySet()) {
      List<Long> want = new ArrayList<>();
      events.stream().filter(rule.getValue()).forEach(e -> want.add(e.path("timeNano").asLong()));
      assertThat(actual.getOrDefault(rule.getKey(), List.of()))
          .as(rule.getKey())
          .isNotEmpty()
          .containsExactlyElementsOf(want);
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    assertThat(out).contains("\"argv\":[\"x\",\"true\"]").contains("\"argv\":[\"x\",\"false\"]");
  }

  @Test
  void checkPrintsEachMatcherReadably() throws Exception {
    Process check =
        new ProcessBuilder(
                "java",
                "-jar",
                ReactorProcess.JAR.toString(),
                "check",
                "-c",
                "src/test/resources/rules/operators.yml")
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out)
        .contains(
            "glob names: on type=container actor.name={glob: rec-sentry_*} run [\"x\" \"%%action%%\"]")
        .contains("not volume or network: on type={not: [volume, network]} run")
        .contains("mixed list: on action=[create, {glob: un*}] run")
        .contains(
            "web starts or failed dies: on type=container action=start actor.com.example.role=web"
                + " | or | type=container action=die actor.exitCode={not: 0} run")
        .contains(
            "images only here: on type=image run [\"x\"] (timeout 1m, concurrency 4, order actor,"
                + " queue 100000 drop-newest or spill, stop)");
  }
}
