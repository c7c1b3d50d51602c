package io.github.dockereventsreactor.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Debian's nats-server with JetStream, on loopback only, its store in the test's directory: one
 * node, or one node of a cluster whose routes are the given ports.
 */
final class NatsServer implements AutoCloseable {

  private final Path store;
  private final int port;
  private final List<String> extra;
  private final Path log;
  private Process process;

  private NatsServer(Path store, int port, List<String> extra) {
    this.store = store;
    this.port = port;
    this.extra = List.copyOf(extra);
    this.log = store.resolveSibling(store.getFileName() + ".log");
  }

  static NatsServer single(Path dir) throws IOException {
    return new NatsServer(dir.resolve("nats"), freePort(), List.of());
  }

  /** One node that speaks only TLS and requires a client certificate signed by {@code ca}. */
  static NatsServer tls(Path dir, TestCa ca) throws IOException {
    return new NatsServer(
        dir.resolve("nats-tls"),
        freePort(),
        List.of(
            "--tls",
            "--tlscert",
            ca.serverCert().toString(),
            "--tlskey",
            ca.serverKey().toString(),
            "--tlscacert",
            ca.clientDir().resolve("ca.pem").toString(),
            "--tlsverify"));
  }

  /** Three nodes that route to each other on loopback, forming one JetStream cluster. */
  static List<NatsServer> cluster(Path dir) throws IOException {
    int[] client = {freePort(), freePort(), freePort()};
    int[] route = {freePort(), freePort(), freePort()};
    List<NatsServer> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> routes = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (j != i) {
          routes.add("nats://127.0.0.1:" + route[j]);
        }
      }
      nodes.add(
          new NatsServer(
              dir.resolve("nats-" + i),
              client[i],
              List.of(
                  "--server_name",
                  "n" + i,
                  "--cluster_name",
                  "reactor-test",
                  "--cluster",
                  "nats://127.0.0.1:" + route[i],
                  "--routes",
                  String.join(",", routes))));
    }
    return nodes;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  NatsServer start() throws Exception {
    Files.createDirectories(store);
    List<String> command =
        new ArrayList<>(
            List.of(
                "nats-server",
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-sd",
                store.toString()));
    command.addAll(extra);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(log).contains("Server is ready")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("nats-server did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** Stops the server: {@code kill} with SIGKILL, as a crash; otherwise a clean stop. */
  void stop(boolean kill) throws Exception {
    if (process != null && process.isAlive()) {
      if (kill) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A client connection of the test's own, to create the stream and read what it holds. */
  static Connection connect(String servers) throws Exception {
    return Nats.connect(options(servers).build());
  }

  static Connection connect(String servers, SSLContext tls) throws Exception {
    return Nats.connect(options(servers).sslContext(tls).build());
  }

  private static Options.Builder options(String servers) {
    return new Options.Builder().servers(servers.split(",")).maxReconnects(-1);
  }

  /** The stream of Docker events: every {@code docker.>} subject, duplicates dropped by id. */
  static StreamInfo createStream(Connection connection, int replicas) throws Exception {
    JetStreamManagement jsm = connection.jetStreamManagement();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return jsm.addStream(
            StreamConfiguration.builder()
                .name("DOCKER")
                .subjects("docker.>")
                .storageType(StorageType.File)
                .replicas(replicas)
                .duplicateWindow(Duration.ofMinutes(10))
                .build());
      } catch (Exception e) {
        // A cluster answers only once it has elected its meta leader.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws Exception {
    stop(true);
  }
}
