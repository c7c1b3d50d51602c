package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image scripts/image builds, on the local base scripts/test-env makes, run as an operator
 * would: the engine's socket mounted, read-only, without capabilities, no new privileges, the
 * socket's group added, state in a volume, host networking to reach a webhook on loopback.
 */
class ContainerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Docker DOCKER = Docker.local();

  /** The image's base and where its runtime is linked: scripts/test-env makes both. */
  static final String BASE = "reactor-test/debian:bookworm-slim";

  static final String JDK = "reactor-test/jdk:bookworm";

  /** A Java runtime for the compose test's single-file proxy. */
  static final String JRE = "reactor-test/jre:bookworm";

  private static String image;

  @TempDir Path dir;
  private final String id = "reactor-container-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> containers = new ArrayList<>();
  private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
  private final List<SocketRelay> relays = new ArrayList<>();
  private HttpServer webhook;

  /** Builds the image once: what {@code scripts/image} prints last is its tag. */
  @BeforeAll
  static void build() {
    Docker.Result built =
        Docker.execute(
            List.of(
                "scripts/image",
                "--base",
                BASE,
                "--jdk",
                JDK,
                "--name",
                "reactor-test/docker-events-reactor"));
    assertThat(built.status()).as(built.output()).isZero();
    String[] lines = built.output().strip().split("\n");
    image = lines[lines.length - 1];
  }

  /** The image with both its tags: not one more left behind by each run's commit. */
  @AfterAll
  static void removeImage() {
    if (image != null) {
      DOCKER.quietly("rmi", "-f", DOCKER.run("image", "inspect", "-f", "{{.Id}}", image));
    }
  }

  static String image() {
    if (image == null) {
      build();
    }
    return image;
  }

  @BeforeEach
  void receive() throws IOException {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", this::deliver);
    webhook.start();
  }

  private void deliver(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      delivered.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  @AfterEach
  void clean() throws IOException {
    webhook.stop(0);
    for (SocketRelay relay : relays) {
      relay.close();
    }
    containers.forEach(c -> DOCKER.quietly("rm", "-f", c));
    DOCKER.quietly("volume", "rm", "-f", id);
  }

  /** Rules: on a start of a container labelled with this test's id, the loopback webhook. */
  Path rules() throws IOException {
    return rules("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
  }

  /** Rules: on a start of a container labelled with this test's id, a webhook to {@code url}. */
  Path rules(String url) throws IOException {
    Path rules =
        Files.writeString(
            dir.resolve("reactor.yml"),
            "events_reactor:\n"
                + "  Announce:\n"
                + "    event: {type: container, action: start, actor: {"
                + id
                + ": \"yes\"}}\n"
                + "    webhook:\n"
                + "      url: "
                + url
                + "\n"
                + "      body: \"started %%actor.name%%\"\n");
    Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rw-r--r--"));
    return rules;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The group that owns a socket, by number, for {@code --group-add}. */
  static String groupOf(Path socket) throws IOException {
    return Files.getAttribute(socket, "unix:gid").toString();
  }

  /**
   * Starts the image as the docs show it, least privilege: {@code engineSocket} mounted at the
   * default address with its group added, the state in this test's volume.
   */
  String start(String name, Path engineSocket, int metricsPort) throws IOException {
    return start(name, rules(), engineSocket, metricsPort);
  }

  /** Starts the image as above with these rules and {@code more} options of docker run. */
  String start(String name, Path rules, Path engineSocket, int metricsPort, String... more)
      throws IOException {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--group-add",
                groupOf(engineSocket),
                "-v",
                engineSocket + ":/var/run/docker.sock"));
    options.addAll(List.of(more));
    return start(name, rules, metricsPort, options.toArray(String[]::new));
  }

  /** Starts the image reaching its engine as {@code engine} (options of docker run) says. */
  String start(String name, Path rules, int metricsPort, String... engine) throws IOException {
    containers.add(name);
    List<String> command =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                name,
                "--read-only",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--network",
                "host",
                "--health-interval",
                "1s",
                "--health-start-period",
                "60s",
                "-e",
                "REACTOR_METRICS_LISTEN=127.0.0.1:" + metricsPort,
                "-v",
                id + ":/var/lib/docker-events-reactor",
                "-v",
                rules + ":/etc/docker-events-reactor/reactor.yml:ro"));
    command.addAll(List.of(engine));
    command.add(image());
    return DOCKER.run(command.toArray(String[]::new));
  }

  String logs(String name) {
    return Docker.execute(List.of("docker", "logs", name)).output();
  }

  void await(BooleanSupplier condition, String what, String name) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; logs:\n" + logs(name));
      }
      Thread.sleep(100);
    }
  }

  String health(String name) {
    return DOCKER.run("inspect", "-f", "{{.State.Health.Status}}", name);
  }

  static String metrics(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The metrics page, or nothing while it does not answer (for a condition waited on). */
  static String metricsOrEmpty(int port) {
    try {
      return metrics(port);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Starts a labelled busybox on the engine the docker CLI reaches at {@code host}. */
  String startLabelled(String host, String name) {
    containers.add(name);
    return new Docker(host)
        .run(
            "run",
            "-d",
            "--name",
            name,
            "--label",
            id + "=yes",
            "reactor-test/busybox:latest",
            "true");
  }

  @Test
  void actsHealthyStopsCleanAndResumesFromItsVolume() throws Exception {
    Path socket = Path.of("/var/run/docker.sock");
    int port = freePort();
    String first = id + "-1";
    start(first, socket, port);
    await(() -> health(first).equals("healthy"), "health healthy", first);

    startLabelled("unix:///var/run/docker.sock", id + "-target");
    String body = delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(body).as(logs(first)).isEqualTo("started " + id + "-target");
    // The command delivers its body before it exits, and its outcome is counted after the exit.
    String success = "reactor_commands_finished_total{result=\"success\",rule=\"Announce\"} 1.0";
    await(() -> metricsOrEmpty(port).contains(success), "the command's success counted", first);
    assertThat(metrics(port)).contains("reactor_rule_matches_total{rule=\"Announce\"} 1.0");

    DOCKER.run("stop", first);
    assertThat(DOCKER.run("inspect", "-f", "{{.State.ExitCode}}", first))
        .as(logs(first))
        .isEqualTo("0");
    assertThat(logs(first)).contains("stopped");
    String state =
        DOCKER.run(
            "run",
            "--rm",
            "-v",
            id + ":/state:ro",
            "reactor-test/busybox:latest",
            "cat",
            "/state/state.json");
    assertThat(state).as(logs(first)).contains("\"timeNano\"");

    String second = id + "-2";
    start(second, socket, freePort());
    await(() -> logs(second).contains("connected to the Docker engine"), "connected", second);
    assertThat(logs(second))
        .contains("checkpoint in /var/lib/docker-events-reactor/state.json")
        .doesNotContain("reading events from now");
    DOCKER.run("stop", second);
    assertThat(DOCKER.run("inspect", "-f", "{{.State.ExitCode}}", second)).isEqualTo("0");
    // Acted on once: the second run resumed after the start the first one delivered.
    assertThat(delivered).isEmpty();
  }

  /**
   * The reactor in a container whose label a selector matches: the rule restarts the other
   * container that carries it and skips the reactor's own, which would otherwise stop itself.
   */
  @Test
  void aSelectorThatMatchesItsOwnContainerRestartsOnlyTheOthers() throws Exception {
    String label = id + "-stack";
    String other = id + "-other";
    containers.add(other);
    DOCKER.run(
        "run",
        "-d",
        "--name",
        other,
        "--label",
        label + "=yes",
        "reactor-test/busybox:latest",
        "sleep",
        "600");
    Path rules =
        Files.writeString(
            dir.resolve("self.yml"),
            "events_reactor:\n"
                + "  Restart the stack:\n"
                + "    event: {type: container, action: exec_start, actor: {name: "
                + other
                + "}}\n"
                + "    container:\n"
                + "      do: restart\n"
                + "      stop_timeout: 1s\n"
                + "      labels: {"
                + label
                + ": \"yes\"}\n");
    Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rw-r--r--"));
    String reactor = id + "-self";
    String reactorId =
        start(
            reactor, rules, Path.of("/var/run/docker.sock"), freePort(), "--label", label + "=yes");
    await(() -> logs(reactor).contains("connected to the Docker engine"), "connected", reactor);
    String reactorStarted = startedAt(reactor);
    String otherStarted = startedAt(other);

    DOCKER.run("exec", other, "true");
    String skipped = reactorId.substring(0, 12) + "): skipped (it is the reactor's own container)";
    await(() -> logs(reactor).contains(skipped), "the skip of its own container", reactor);

    // The action's one log line holds both results: the other's restart is over by now.
    assertThat(startedAt(other)).as(logs(reactor)).isNotEqualTo(otherStarted);
    assertThat(DOCKER.run("inspect", "-f", "{{.State.Running}}", other)).isEqualTo("true");
    assertThat(startedAt(reactor)).as(logs(reactor)).isEqualTo(reactorStarted);
    assertThat(DOCKER.run("inspect", "-f", "{{.State.Running}} {{.RestartCount}}", reactor))
        .isEqualTo("true 0");
  }

  private static String startedAt(String name) {
    return DOCKER.run("inspect", "-f", "{{.State.StartedAt}}", name);
  }

  @Test
  void runsAgainstPodmansSocket() throws Exception {
    int port = freePort();
    String name = id + "-podman";
    // Rootful Podman's socket is root's alone (0600): a relay of it that the docker group may use
    // stands for the socket of a Podman whose group an operator set (docs/container.md).
    Path socket = dir.resolve("podman.sock");
    SocketRelay relay = new SocketRelay(socket, Podman.SOCKET);
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    Files.setAttribute(
        socket, "unix:gid", Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));
    relays.add(relay);
    start(name, socket, port);
    await(() -> health(name).equals("healthy"), "health healthy", name);
    assertThat(logs(name)).contains("Podman");

    Podman podman = new Podman();
    String target = id + "-ptarget";
    try {
      podman.run(
          "run",
          "-d",
          "--name",
          target,
          "--label",
          id + "=yes",
          "reactor-test/busybox:latest",
          "true");
      String body = delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(body).as(logs(name)).isEqualTo("started " + target);
    } finally {
      podman.quietly("rm", "-f", target);
    }
    DOCKER.run("stop", name);
    assertThat(DOCKER.run("inspect", "-f", "{{.State.ExitCode}}", name)).isEqualTo("0");
  }

  @Test
  void behindAProxyThatAllowsOnlyWhatItReads() throws Exception {
    AllowList allowList = new AllowList();
    String name = id + "-proxied";
    try (EngineProxy proxy = EngineProxy.plain(Path.of("/var/run/docker.sock"), allowList)) {
      // No socket in the container, no group: the engine is the proxy's address.
      start(name, rules(), freePort(), "-e", "DOCKER_HOST=" + proxy.host());
      await(() -> health(name).equals("healthy"), "health healthy", name);
      startLabelled("unix:///var/run/docker.sock", id + "-ptarget");
      String body = delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(body).as(logs(name)).isEqualTo("started " + id + "-ptarget");
      DOCKER.run("stop", name);
      assertThat(DOCKER.run("inspect", "-f", "{{.State.ExitCode}}", name)).isEqualTo("0");
    }
    assertThat(allowList.refused()).isEmpty();
  }

  @Test
  void theComposeFileWithTheProxyActsOnAnEvent() throws Exception {
    // The example as it is, but for its published port (any free one) and the proxy's image: no
    // registry here, so the local JRE runs a single-file allow-list proxy in its place.
    Path project = Files.createDirectories(dir.resolve("socket-proxy"));
    Path compose =
        Files.writeString(
            project.resolve("docker-compose.yml"),
            Files.readString(Path.of("examples/compose/socket-proxy/docker-compose.yml"))
                .replace("127.0.0.1:9323:9323", "127.0.0.1::9323"));
    // The reactor is on the compose file's networks: the webhook listens where they reach the host.
    HttpServer outside = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
    outside.createContext("/", this::deliver);
    outside.start();
    rules("http://host.docker.internal:" + outside.getAddress().getPort() + "/hook");
    Path override =
        Files.writeString(
            dir.resolve("override.yml"),
            "services:\n"
                + "  proxy:\n"
                + "    image: "
                + JRE
                + "\n"
                + "    command: [java, /proxy/AllowListProxy.java]\n"
                + "    volumes:\n"
                + "      - "
                + Path.of("src/test/resources/compose/AllowListProxy.java").toAbsolutePath()
                + ":/proxy/AllowListProxy.java:ro\n"
                + "  reactor:\n"
                + "    image: "
                + image()
                + "\n"
                + "    extra_hosts: [\"host.docker.internal:host-gateway\"]\n");
    List<String> composeCommand =
        List.of("docker-compose", "-p", id, "-f", compose.toString(), "-f", override.toString());
    try {
      Docker.Result up = Docker.execute(concat(composeCommand, "up", "-d"));
      assertThat(up.status()).as(up.output()).isZero();
      String reactor = id + "_reactor_1";
      await(() -> health(reactor).equals("healthy"), "health healthy", reactor);
      startLabelled("unix:///var/run/docker.sock", id + "-ctarget");
      String body = delivered.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(body).as(logs(reactor)).isEqualTo("started " + id + "-ctarget");
      assertThat(logs(id + "_proxy_1")).doesNotContain("refused");
    } finally {
      outside.stop(0);
      Docker.execute(concat(composeCommand, "down", "-v", "-t", "10"));
    }
  }

  private static List<String> concat(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }

  /**
   * The issue's bound on the image, and the modules its jlinked runtime must hold though jdeps
   * cannot see them in the jar: TLS's EC ciphers, flight-recorder events, JNA's Unsafe.
   */
  @Test
  void theImageIsSmallAndItsRuntimeHasWhatTheReactorLoadsByName() {
    long bytes = Long.parseLong(DOCKER.run("image", "inspect", "-f", "{{.Size}}", image()));
    assertThat(bytes).as("image size in bytes").isLessThanOrEqualTo(150_000_000L);
    String modules = DOCKER.run("run", "--rm", "--entrypoint", "java", image(), "--list-modules");
    assertThat(modules)
        .contains("jdk.crypto.ec@", "jdk.jfr@", "jdk.unsupported@", "jdk.management@")
        .contains("java.naming@", "java.net.http@", "jdk.httpserver@");
  }

  @Test
  void theComposeFilesAreValid() {
    for (String file :
        List.of(
            "examples/compose/docker-compose.yml",
            "examples/compose/socket-proxy/docker-compose.yml")) {
      Docker.Result config =
          Docker.execute(List.of("docker-compose", "-f", file, "config", "--quiet"));
      assertThat(config.status()).as(file + ": " + config.output()).isZero();
    }
  }
}
