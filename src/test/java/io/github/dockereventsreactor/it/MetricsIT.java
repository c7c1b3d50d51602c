package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** /metrics, /healthz and /readyz over real HTTP after real engine activity; JSON logs. */
class MetricsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final String prefix = "m" + Long.toHexString(System.nanoTime());

  private ReactorProcess reactor(String rules, String... extra) throws Exception {
    Path file = dir.resolve("rules-" + System.nanoTime() + ".yml");
    Files.writeString(file, rules);
    Recorders recorders = new Recorders(dir).appender("rec", dir.resolve("actions"));
    List<String> args =
        new java.util.ArrayList<>(List.of("run", "-c", file.toString(), "--metrics-listen", "0"));
    args.addAll(List.of(extra));
    ReactorProcess reactor =
        ReactorProcess.start(
            recorders.bin(),
            dir.resolve("reactor-" + System.nanoTime() + ".log"),
            args.toArray(String[]::new));
    reactor.awaitLog("metrics on port", WAIT);
    return reactor;
  }

  @Test
  void countersEqualWhatTheEngineReportedAndHealthcheckExecsStandApart() throws Exception {
    // An engine of its own: the counters cover every event the reactor read, and another test
    // using the machine's engine meanwhile would add to them.
    try (PrivateEngine engine =
        new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"))) {
      engine.start().withTestImage();
      countersEqualWhatTheEngineReported(engine.docker());
    }
  }

  private void countersEqualWhatTheEngineReported(Docker docker) throws Exception {
    String container = prefix + "-hc";
    String rules =
        """
        events_reactor:
          Count starts:
            event: {type: container, action: start}
            metric: {name: test_container_starts, labels: {name: '%%actor.name%%'}}
          Echo dies:
            event: {type: container, action: die}
            run: [rec, '%%actor.name%%']
        """;
    try (ReactorProcess reactor = reactor(rules, "--docker-host", docker.host())) {
      reactor.awaitLog("connected to the Docker engine", WAIT);
      Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
      long since = Docker.nowNanos();
      docker.run(
          "run",
          "-d",
          "--name",
          container,
          "--health-cmd",
          "exit 0",
          "--health-interval",
          "1s",
          "reactor-test/busybox",
          "sleep",
          "300");
      reactor.await(() -> healthchecks(scrape) >= 2, WAIT, "two healthcheck execs");
      docker.run("exec", container, "true");
      docker.run("rm", "-f", container);
      long until = Docker.nowNanos();

      Map<String, Integer> expected = new HashMap<>();
      for (String line : docker.events(since, until)) {
        JsonNode event = JSON.readTree(line);
        String action = event.path("Action").asText().split(":")[0];
        expected.merge(event.path("Type").asText() + " " + action, 1, Integer::sum);
      }
      int total = expected.values().stream().mapToInt(Integer::intValue).sum();
      reactor.await(
          () -> received(scrape) >= total && execDies(scrape) >= 3,
          WAIT,
          total + " events received");

      Map<String, Double> samples = scrape.samples();
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        String[] typeAction = e.getKey().split(" ");
        assertThat(
                scrape.sum(
                    samples,
                    "docker_events_total",
                    "type=\"" + typeAction[0] + "\"",
                    "action=\"" + typeAction[1] + "\""))
            .as(e.getKey())
            .isEqualTo(e.getValue().doubleValue());
      }
      assertThat(scrape.sum(samples, "docker_events_total")).isEqualTo(total);
      assertThat(samples.keySet()).noneMatch(k -> k.contains("exec_start: "));
      double healthStarts =
          scrape.sum(
              samples, "docker_exec_events_total", "action=\"exec_start\"", "healthcheck=\"true\"");
      assertThat(healthStarts).isEqualTo(expected.get("container exec_start") - 1.0);
      assertThat(
              scrape.sum(
                  samples,
                  "docker_exec_events_total",
                  "action=\"exec_start\"",
                  "healthcheck=\"false\""))
          .isEqualTo(1.0);
      assertThat(
              scrape.sum(
                  samples,
                  "docker_exec_events_total",
                  "action=\"exec_die\"",
                  "healthcheck=\"false\""))
          .isEqualTo(1.0);
      assertThat(scrape.sum(samples, "test_container_starts_total", "name=\"" + container + "\""))
          .isEqualTo(1.0);
      assertThat(scrape.sum(samples, "reactor_rule_matches_total", "rule=\"Count starts\""))
          .isEqualTo(1.0);
      reactor.await(
          () ->
              value(
                      scrape,
                      "reactor_commands_finished_total",
                      "rule=\"Echo dies\"",
                      "result=\"success\"")
                  == 1,
          WAIT,
          "the die command");
      samples = scrape.samples();
      assertThat(
              scrape.sum(samples, "reactor_command_duration_seconds_count", "rule=\"Echo dies\""))
          .isEqualTo(1.0);
      assertThat(scrape.sum(samples, "reactor_stream_connected")).isEqualTo(1.0);
      assertThat(scrape.sum(samples, "reactor_build_info")).isEqualTo(1.0);
      assertThat(scrape.sum(samples, "jvm_memory_used_bytes")).isPositive();
      assertThat(scrape.sum(samples, "docker_events_last_timestamp_seconds"))
          .isGreaterThan(since / 1e9);

      HttpResponse<String> openMetrics =
          scrape.get("/metrics", "application/openmetrics-text; version=1.0.0");
      assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/openmetrics-text");
      assertThat(openMetrics.body()).endsWith("# EOF\n");
      assertThat(scrape.get("/healthz", null).body()).isEqualTo("ok\n");
      assertThat(scrape.get("/readyz", null).statusCode()).isEqualTo(200);

      examplesUseMetricsThatExist(scrape.names());
    } finally {
      docker.quietly("rm", "-f", container);
    }
  }

  private static double value(Scrape scrape, String metric, String... fragments) {
    try {
      return scrape.sum(scrape.samples(), metric, fragments);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static double healthchecks(Scrape scrape) {
    return value(
        scrape, "docker_exec_events_total", "action=\"exec_start\"", "healthcheck=\"true\"");
  }

  private static double received(Scrape scrape) {
    return value(scrape, "reactor_events_received_total");
  }

  private static double execDies(Scrape scrape) {
    return value(scrape, "docker_exec_events_total", "action=\"exec_die\"");
  }

  /** The alert rules and the dashboard name only metrics the reactor serves. */
  private static void examplesUseMetricsThatExist(Set<String> served) throws Exception {
    Pattern metric = Pattern.compile("\\b((?:docker|reactor)_[a-z_]+)");
    Object alerts =
        new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(Path.of("examples/prometheus-alerts.yml")));
    assertThat(alerts).isInstanceOf(Map.class);
    String dashboard = Files.readString(Path.of("examples/grafana-dashboard.json"));
    JSON.readTree(dashboard);
    for (String text :
        List.of(Files.readString(Path.of("examples/prometheus-alerts.yml")), dashboard)) {
      Matcher m = metric.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        assertThat(served)
            .as("%s names a metric the reactor serves", name)
            .anyMatch(s -> s.equals(name) || s.equals(name + "_total") || s.startsWith(name + "_"));
      }
    }
  }

  @Test
  void readyzFollowsTheEngineGoingAwayAndComingBack() throws Exception {
    try (PrivateEngine engine =
        new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"))) {
      engine.start();
      try (ReactorProcess reactor =
          reactor(
              "events_reactor:\n  r:\n    run: [rec, x]\n",
              "--docker-host",
              engine.docker().host(),
              "--ping-interval",
              "1s")) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
        assertThat(scrape.get("/readyz", null).body()).isEqualTo("ready\n");

        engine.stop();
        reactor.await(() -> status(scrape) == 503, WAIT, "/readyz to turn unready");
        assertThat(scrape.get("/readyz", null).body())
            .startsWith("not ready: the event stream from the Docker engine is disconnected since");
        assertThat(scrape.get("/healthz", null).statusCode()).isEqualTo(200);

        engine.start();
        reactor.await(() -> status(scrape) == 200, WAIT, "/readyz to be ready again");
        assertThat(value(scrape, "reactor_stream_reconnects_total")).isEqualTo(1.0);
      }
    }
  }

  private static int status(Scrape scrape) {
    try {
      return scrape.get("/readyz", null).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theSeriesCapHoldsWhen500ContainersWithDistinctNamesComeAndGo() throws Exception {
    try (PrivateEngine engine =
        new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"))) {
      engine.start().withTestImage();
      String rules =
          """
          events_reactor:
            Count by name:
              event: {type: container}
              metric: {name: test_by_name, labels: {name: '%%actor.name%%'}}
          reactor:
            metrics:
              labels: [actor.name]
              max_series: 50
          """;
      try (ReactorProcess reactor = reactor(rules, "--docker-host", engine.docker().host());
          EventLoad load = new EventLoad(engine.docker().host())) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        Scrape scrape = new Scrape(Scrape.portFrom(reactor.log()));
        load.containers(prefix, 500);
        reactor.await(
            () -> value(scrape, "docker_events_total", "type=\"container\"") == 1000,
            WAIT,
            "1,000 events");

        Map<String, Double> samples = scrape.samples();
        List<String> series =
            samples.keySet().stream()
                .filter(k -> k.startsWith("docker_events_total{"))
                .collect(Collectors.toList());
        System.out.printf(
            "500 distinct names: %d series of docker_events_total, %d of test_by_name%n",
            series.size(),
            samples.keySet().stream().filter(k -> k.startsWith("test_by_name_total{")).count());
        assertThat(series.size()).isLessThanOrEqualTo(52);
        assertThat(series).anyMatch(k -> k.contains("actor_name=\"other\""));
        assertThat(samples.keySet().stream().filter(k -> k.startsWith("test_by_name_total{")))
            .hasSizeLessThanOrEqualTo(51);
        assertThat(scrape.sum(samples, "test_by_name_total")).isEqualTo(1000.0);
        assertThat(
                scrape.sum(
                    samples,
                    "reactor_metric_series_folded_total",
                    "metric=\"docker_events_total\""))
            .isPositive();
      }
    }
  }

  @Test
  void jsonLogsParseLineByLineAndCarryTheRuleAndEvent() throws Exception {
    try (PrivateEngine engine =
        new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"))) {
      engine.start();
      String rules =
          "events_reactor:\n  Echo volumes:\n    event: {type: volume}\n    run: [sh, -c, 'echo made $0', '%%actor.id%%']\n";
      try (ReactorProcess reactor =
              reactor(rules, "--docker-host", engine.docker().host(), "--log-format", "json");
          EventLoad load = new EventLoad(engine.docker().host())) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        load.volumes(prefix, 1, 0);
        reactor.awaitLog("volume destroy (" + prefix + "-0): exit 0", WAIT);

        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : reactor.log().split("\n")) {
          lines.add(JSON.readTree(line));
        }
        assertThat(lines)
            .allSatisfy(
                l -> assertThat(l.has("time") && l.has("level") && l.has("message")).isTrue());
        assertThat(lines)
            .filteredOn(l -> l.path("message").asText().contains("exit 0"))
            .hasSize(2)
            .allSatisfy(
                l -> {
                  assertThat(l.path("rule").asText()).isEqualTo("Echo volumes");
                  assertThat(l.path("event_type").asText()).isEqualTo("volume");
                  assertThat(l.path("actor_id").asText()).isEqualTo(prefix + "-0");
                });
        assertThat(lines)
            .filteredOn(
                l -> l.path("message").asText().equals("[Echo volumes] made " + prefix + "-0"))
            .hasSize(2)
            .allSatisfy(l -> assertThat(l.path("event_action").asText()).isIn("create", "destroy"));
      }
    }
  }
}
