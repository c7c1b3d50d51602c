package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input from whoever can start a container, and rules files gone wrong, against the built jar under
 * the launcher's flags: they reach no further than the reactor allows.
 */
class HostileIT {

  private static final Pattern LOG_LINE =
      Pattern.compile(
          "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO|WARN|ERROR|DEBUG) .*");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int status, String out, String err, long peakRssKib) {}

  /** The jar under the launcher's flags; its peak RSS read from /proc while it runs. */
  private Run cli(Duration deadline, String... args) throws Exception {
    return cli(deadline, ProcessBuilder.Redirect.PIPE, args);
  }

  /** {@link #cli(Duration, String...)} with its standard input from {@code input}. */
  private Run cli(Duration deadline, ProcessBuilder.Redirect input, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    // bin/docker-events-reactor's flags, without its class-data archive.
    command.addAll(ReactorProcess.launcherFlags());
    command.addAll(List.of("-jar", ReactorProcess.JAR.toString()));
    command.addAll(Arrays.asList(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(input)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().remove("DOCKER_HOST");
    Process process = builder.start();
    long peak = 0;
    long end = System.nanoTime() + deadline.toNanos();
    try {
      while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
        peak = Math.max(peak, peakRss(process.pid()));
        if (System.nanoTime() > end) {
          throw new AssertionError("still running after " + deadline + "; log:\n" + tail(err));
        }
      }
    } finally {
      process.destroyForcibly();
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        peak);
  }

  private static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone between two reads.
    }
    return 0;
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  private Path file(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** One container event whose name is {@code name}, as a line for replay. */
  private Path event(String name) throws IOException {
    ObjectNode event = JSON.createObjectNode();
    event.put("Type", "container").put("Action", "start").put("scope", "local");
    event.put("time", 1795535393L).put("timeNano", 1795535393000000000L);
    event.putObject("Actor").put("ID", "c0ffee").putObject("Attributes").put("name", name);
    return file("events.jsonl", event + "\n");
  }

  private Run replay(Duration deadline, String rules, String name) throws Exception {
    return cli(
        deadline,
        "replay",
        "--execute",
        "-c",
        file("rules.yml", rules).toString(),
        "--events",
        event(name).toString());
  }

  @Test
  void aNameThatForgesLogLinesStaysOnItsOwnLineInTheHumanFormat() throws Exception {
    String name =
        "db\n2026-11-30T00:00:00.000Z ERROR rule \"backup\" on container die db\r"
            + "\u001b[31mred\u001b]0;owned title\u0007\u009b2J\ttab";
    String rules =
        """
        events_reactor:
          "Echo \\e[1m":
            run: [sh, -c, 'printf "%s" "$0"; printf "%s" "$0" >&2; exit 3', '%%actor.name%%']
        """;

    Run run = replay(Duration.ofSeconds(60), rules, name);

    assertThat(run.status()).as(run.err()).isZero();
    List<String> lines = run.err().lines().collect(Collectors.toList());
    assertThat(lines).as(run.err()).isNotEmpty().allMatch(line -> LOG_LINE.matcher(line).matches());
    assertThat(run.err().replace("\n", "").chars())
        .as("control bytes in the log")
        .noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
    assertThat(run.err())
        .contains(
            "WARN  rule \"Echo \\x1b[1m\" on container start db\\n2026-11-30T00:00:00.000Z ERROR rule"
                + " \"backup\" on container die db\\r\\x1b[31mred\\x1b]0;owned title\\x07\\x9b2J\\ttab"
                + " (c0ffee): exit 3");
  }

  @Test
  void aGrandchildHoldingStdoutHoldsTheRuleOnlyForTheGrace() throws Exception {
    String rules =
        "events_reactor:\n"
            + "  Background:\n"
            + "    run: [sh, -c, 'sleep 300 & echo $! > \"$0\"; echo started', '"
            + dir.resolve("pid")
            + "']\n";

    Run run = replay(Duration.ofSeconds(60), rules, "web");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("[Background] started")
        .contains("exited and left processes in its group: SIGTERM, SIGKILL after 5000 ms")
        .contains("rule \"Background\" on container start web (c0ffee): exit 0");
    long sleep = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    assertThat(
            ProcessHandle.of(sleep).map(ProcessHandle::isAlive).orElse(false)
                && !Files.readString(Path.of("/proc/" + sleep + "/stat")).contains(") Z "))
        .as("the sleep left behind still runs")
        .isFalse();
  }

  @Test
  void aGigabyteOfOutputWithAndWithoutNewlinesIsDrainedInBoundedMemory() throws Exception {
    String rules =
        """
        events_reactor:
          Lines:
            run: [sh, -c, 'yes 0123456789abcdef | head -c 1073741824']
          No newline:
            run: [sh, -c, 'head -c 1073741824 /dev/zero']
        """;

    Run run = replay(Duration.ofMinutes(5), rules, "web");

    assertThat(run.status()).as(tailOf(run.err())).isZero();
    List<String> lines = run.err().lines().collect(Collectors.toList());
    assertThat(lines.stream().filter(l -> l.contains("[Lines] 0123456789abcdef"))).hasSize(10_000);
    assertThat(lines.stream().filter(l -> l.contains("[No newline] ")))
        .hasSize(2)
        .anyMatch(l -> l.endsWith(" [line cut at 4096 bytes]"))
        .anyMatch(l -> l.endsWith("4096 bytes a line): 1073737728 bytes not logged"));
    assertThat(lines.stream().filter(l -> l.contains("[Lines] output over its limit")))
        .singleElement()
        .asString()
        .endsWith("4096 bytes a line): 1073571824 bytes not logged");
    assertThat(run.err())
        .contains("rule \"Lines\" on container start web (c0ffee): exit 0")
        .contains("rule \"No newline\" on container start web (c0ffee): exit 0");
    assertThat(run.peakRssKib()).as("peak RSS in KiB").isBetween(1L, 250_000L);
  }

  /** The same line {@code replay} skips: {@code explain} once read it whole into the heap. */
  @Test
  void aSixtyMegabyteLineOnExplainsStandardInputIsSkippedWithItsNumber() throws Exception {
    String start =
        "{\"Type\":\"container\",\"Action\":\"start\",\"scope\":\"local\",\"time\":1795535393,"
            + "\"timeNano\":1795535393000000000,\"Actor\":{\"ID\":\"c0ffee\",\"Attributes\":{\"name\":\"";
    Path events = dir.resolve("huge.jsonl");
    try (java.io.Writer out = Files.newBufferedWriter(events)) {
      out.write(start + "before\"}}}\n" + start);
      char[] megabyte = new char[1 << 20];
      Arrays.fill(megabyte, 'x');
      for (int i = 0; i < 60; i++) {
        out.write(megabyte);
      }
      out.write("\"}}}\n" + start + "after\"}}}\n");
    }
    long hugeLine = start.length() + 60L * (1 << 20) + "\"}}}".length();
    String rules =
        """
        events_reactor:
          Starts:
            event: {type: container, action: start}
            run: [echo, '%%actor.name%%']
        """;

    Run run =
        cli(
            Duration.ofMinutes(2),
            ProcessBuilder.Redirect.from(events.toFile()),
            "explain",
            "-c",
            file("rules.yml", rules).toString(),
            "--events",
            "-");

    assertThat(run.status()).as(tailOf(run.err())).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("-:2: a line of " + hugeLine + " bytes, over the limit of 4 MiB, skipped");
    assertThat(run.out()).contains("before").contains("after");
    assertThat(run.peakRssKib()).as("peak RSS in KiB").isBetween(1L, 250_000L);
  }

  private static String tailOf(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  @Test
  void deepHugeAndDuplicateKeyRulesFilesAreLoadErrorsNotCrashes() throws Exception {
    Path deep =
        file(
            "deep.yml",
            "events_reactor:\n  A:\n    run: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    Path huge = dir.resolve("huge.yml");
    try (OutputStream out = Files.newOutputStream(huge)) {
      out.write("events_reactor:\n  A:\n    run: [echo]\n#".getBytes(StandardCharsets.UTF_8));
      byte[] line = "x".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 50; i++) {
        out.write(line);
      }
    }
    Path duplicate =
        file(
            "duplicate.yml",
            "events_reactor:\n  A:\n    event: {type: container, type: image}\n    run: [echo]\n");

    Run deepRun = cli(Duration.ofSeconds(60), "check", "-c", deep.toString());
    Run hugeRun = cli(Duration.ofSeconds(60), "check", "-c", huge.toString());
    Run duplicateRun = cli(Duration.ofSeconds(60), "check", "-c", duplicate.toString());

    assertThat(deepRun.status()).isEqualTo(1);
    assertThat(deepRun.err().lines())
        .containsExactly(
            deep + ":3:57: nested deeper than 50 levels of mappings and lists",
            deep + ": 1 error(s), nothing loaded");
    assertThat(hugeRun.status()).isEqualTo(1);
    assertThat(hugeRun.err().lines())
        .containsExactly(
            huge
                + ":1:1: the file is 52428838 bytes; a rules file may be at most 1048576 bytes"
                + " (1 MiB), so it was not read",
            huge + ": 1 error(s), nothing loaded");
    assertThat(duplicateRun.status()).isEqualTo(1);
    assertThat(duplicateRun.err().lines())
        .containsExactly(
            duplicate
                + ":3:30: duplicate key \"type\": also at line 3:13 of the same mapping; a key"
                + " may appear once",
            duplicate + ": 1 error(s), nothing loaded");
  }

  @Test
  void deepHugeAndDuplicateKeyFilesGivenToAReloadKeepTheOldRules() throws Exception {
    String good = "events_reactor:\n  A:\n    event: {type: plugin}\n    run: [echo]\n";
    Path rules = file("rules.yml", good);
    try (ReactorProcess reactor =
        ReactorProcess.start(
            dir, dir.resolve("reactor.log"), "run", "-c", rules.toString(), "--watch")) {
      reactor.awaitLog("connected to the Docker engine", Duration.ofSeconds(60));

      replace(
          rules,
          "events_reactor:\n  A:\n    run: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
      reactor.awaitLog("nested deeper than 50 levels", Duration.ofSeconds(30));
      replace(rules, good + "#" + "x".repeat(50 * 1024 * 1024) + "\n");
      reactor.awaitLog("so it was not read", Duration.ofSeconds(30));
      Files.writeString(rules, good + "events_reactor:\n  B:\n    run: [echo]\n");
      reactor.signal("HUP");
      reactor.awaitLog("duplicate key \"events_reactor\"", Duration.ofSeconds(30));
      replace(rules, good);
      reactor.awaitLog("1 rules in force from the next event", Duration.ofSeconds(30));

      assertThat(reactor.isAlive()).isTrue();
      assertThat(reactor.log().split("the previous rules stay in force", -1)).hasSizeGreaterThan(3);
      assertThat(reactor.log()).doesNotContain("Exception", "Error:");
    }
  }

  /** As editors and config management do: a new file renamed over the old one. */
  private void replace(Path rules, String text) throws IOException {
    Path next = dir.resolve("next.yml");
    Files.writeString(next, text);
    Files.move(next, rules, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void fiftySlowClientsCannotStarveTheMetricsListener() throws Exception {
    Path rules =
        file("rules.yml", "events_reactor:\n  A:\n    event: {type: plugin}\n    run: [echo]\n");
    try (ReactorProcess reactor =
            ReactorProcess.start(
                dir,
                dir.resolve("reactor.log"),
                "run",
                "-c",
                rules.toString(),
                "--metrics-listen",
                "0");
        Slowloris slow = new Slowloris()) {
      reactor.awaitLog("metrics on port", Duration.ofSeconds(60));
      int port = Scrape.portFrom(reactor.log());
      HttpClient http = HttpClient.newHttpClient();
      slow.start(port, 50);
      for (int second = 0; second < 12; second++) {
        for (String path : List.of("/metrics", "/healthz", "/readyz")) {
          // A scrape that waits longer than Prometheus' default timeout has failed.
          HttpRequest scrape =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build();
          assertThat(http.send(scrape, HttpResponse.BodyHandlers.discarding()).statusCode())
              .as(path)
              .isIn(200, 503);
        }
        slow.drip();
        Thread.sleep(1000);
      }
      assertThat(slow.reconnects()).as("slow clients cut off by the server").isPositive();
    }
  }

  /** Clients that send a request's headers one line at a time and reconnect when cut off. */
  private static final class Slowloris implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private int port;
    private int reconnects;

    void start(int port, int count) throws IOException {
      this.port = port;
      for (int i = 0; i < count; i++) {
        sockets.add(open());
      }
    }

    private Socket open() throws IOException {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket
          .getOutputStream()
          .write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      return socket;
    }

    /** One more header line on every connection; a closed one is opened again. */
    void drip() throws IOException {
      for (int i = 0; i < sockets.size(); i++) {
        try {
          sockets
              .get(i)
              .getOutputStream()
              .write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
          sockets.get(i).getOutputStream().flush();
        } catch (IOException e) {
          sockets.get(i).close();
          sockets.set(i, open());
          reconnects++;
        }
      }
    }

    int reconnects() {
      return reconnects;
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
