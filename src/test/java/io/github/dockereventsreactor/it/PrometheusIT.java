package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scraping the reactor every second with the example scrape config and alert
 * rules (windows and {@code for:} shortened, generated from the examples): each alert raised by
 * real engine activity, asserted through Prometheus's HTTP API, and every dashboard query run.
 */
class PrometheusIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TIMES_OUT = "Time out on start";
  private static final String NOT_FOUND = "Run a missing command on start";

  @TempDir Path dir;

  private final String prefix = "prom" + Long.toHexString(System.nanoTime());
  private final String sick = prefix + "-sick";
  private final String loop = prefix + "-loop";

  @Test
  void theExampleAlertsFireOnFirstOccurrencesAndEveryDashboardQueryReturnsData() throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  "
            + TIMES_OUT
            + ":\n"
            + "    event: {type: container, action: start, actor: {name: "
            + sick
            + "}}\n"
            + "    run: [sleep, '30']\n"
            + "    timeout: 300ms\n"
            + "  "
            + NOT_FOUND
            + ":\n"
            + "    event: {type: container, action: start, actor: {name: "
            + sick
            + "}}\n"
            + "    run: ["
            + prefix
            + "-no-such-command]\n"
            + "reactor:\n"
            + "  metrics:\n"
            + "    labels: [actor.name]\n"
            + "    health_status_detail: true\n");
    // Unix socket paths are limited to 108 bytes: keep the engine's root short.
    try (PrivateEngine engine =
            new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "pe"));
        AutoCloseable containers = () -> engine.docker().quietly("rm", "-f", sick, loop)) {
      engine.start().withTestImage();
      Docker docker = engine.docker();
      try (ReactorProcess reactor =
          ReactorProcess.start(
              dir,
              dir.resolve("reactor.log"),
              "run",
              "-c",
              rules.toString(),
              "--docker-host",
              docker.host(),
              "--metrics-listen",
              "0",
              "--ping-interval",
              "1s")) {
        reactor.awaitLog("connected to the Docker engine", WAIT);
        String instance = "127.0.0.1:" + Scrape.portFrom(reactor.log());
        Files.writeString(
            dir.resolve(MonitoringExamples.ALERTS), MonitoringExamples.shortenedAlerts());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
            config, MonitoringExamples.scrapeConfig(List.of(Scrape.portFrom(reactor.log()))));
        try (Prometheus prometheus = Prometheus.start(config, dir)) {
          Awaiting await = new Awaiting(prometheus, reactor);
          // Scraped before anything happens: the series below are born inside the windows.
          await.result("up{job=\"docker-events-reactor\"} == 1");
          assertThat(prometheus.rules().findValues("rules").get(0)).hasSize(7);

          docker.run(
              "run",
              "-d",
              "--name",
              sick,
              "--network",
              "none",
              "--health-cmd",
              "false",
              "--health-interval",
              "1s",
              "--health-retries",
              "1",
              "reactor-test/busybox",
              "sleep",
              "300");
          docker.run(
              "run",
              "-d",
              "--name",
              loop,
              "--network",
              "none",
              "--restart",
              "always",
              "reactor-test/busybox",
              "true");
          docker.run("exec", sick, "true");

          await.firing("ContainerHealthcheckFailing", "actor_name=\"" + sick + "\"");
          await.firing("ContainerRestartLoop", "actor_name=\"" + loop + "\"");
          await.firing("ReactorRuleCommandsFailing", "rule=\"" + TIMES_OUT + "\"");
          await.firing("ReactorRuleCommandsFailing", "rule=\"" + NOT_FOUND + "\"");
          String execs = "sum by (healthcheck) (docker_exec_events_total{action=\"exec_start\"})";
          await.until(
              execs,
              r ->
                  byLabel(r, "healthcheck").getOrDefault("true", 0.0) >= 2
                      && byLabel(r, "healthcheck").containsKey("false"));
          // The one `docker exec` stands apart from the healthcheck's execs.
          assertThat(byLabel(prometheus.query(execs), "healthcheck")).containsEntry("false", 1.0);

          containers.close();
          engine.stop();
          await.firing("ReactorDisconnectedFromEngine", "instance=\"" + instance + "\"");

          for (MonitoringExamples.Target target : MonitoringExamples.dashboardTargets()) {
            JsonNode result = prometheus.query(target.expr());
            assertThat(result).as("dashboard query %s returns data", target.expr()).isNotEmpty();
            for (JsonNode sample : result) {
              assertThat(target.legendLabels())
                  .as("labels of the legend of %s, in %s", target.expr(), sample.path("metric"))
                  .allMatch(sample.path("metric")::has);
            }
          }
        }
      }
    }
  }

  private static Map<String, Double> byLabel(JsonNode result, String label) {
    Map<String, Double> values = new HashMap<>();
    result.forEach(
        s -> values.put(s.path("metric").path(label).asText(), s.path("value").get(1).asDouble()));
    return values;
  }

  /** Polls Prometheus until a query's result satisfies a condition, or fails with both logs. */
  private static final class Awaiting {
    private final Prometheus prometheus;
    private final ReactorProcess reactor;

    Awaiting(Prometheus prometheus, ReactorProcess reactor) {
      this.prometheus = prometheus;
      this.reactor = reactor;
    }

    /** The alert fired at some point of the last minute (it may have ended since). */
    void firing(String alert, String matcher) throws Exception {
      result(
          "max_over_time(ALERTS{alertname=\""
              + alert
              + "\", alertstate=\"firing\", "
              + matcher
              + "}[1m])");
    }

    void result(String promql) throws Exception {
      until(promql, r -> r.size() > 0);
    }

    void until(String promql, java.util.function.Predicate<JsonNode> condition) throws Exception {
      long end = System.nanoTime() + WAIT.toNanos();
      JsonNode last = prometheus.query(promql);
      while (!condition.test(last)) {
        if (System.nanoTime() > end) {
          throw new AssertionError(
              "timed out waiting for "
                  + promql
                  + "; last result "
                  + last
                  + "\nreactor log:\n"
                  + reactor.log()
                  + "\nprometheus log:\n"
                  + prometheus.log());
        }
        Thread.sleep(200);
        last = prometheus.query(promql);
      }
    }
  }
}
