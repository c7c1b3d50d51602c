package io.github.dockereventsreactor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dockerd of the test's own, on a private socket with its own data and exec roots, so a test can
 * stop and restart the engine under the reactor without touching the machine's engine.
 */
final class PrivateEngine implements AutoCloseable {

  private final Path root;
  private final Docker docker;
  private Process process;

  PrivateEngine(Path root) throws IOException {
    this.root = Files.createDirectories(root);
    this.docker = new Docker("unix://" + root.resolve("docker.sock"));
  }

  Docker docker() {
    return docker;
  }

  Path socket() {
    return root.resolve("docker.sock");
  }

  /**
   * The private engine's own bridge. With {@code --bridge=none} dockerd deletes the interface named
   * docker0 at start, which is the machine engine's: so it gets a bridge of its own instead.
   */
  private static final String BRIDGE = "reactorpe0";

  private static void ensureBridge() throws Exception {
    if (Files.exists(Path.of("/sys/class/net", BRIDGE))) {
      return;
    }
    for (String command :
        List.of(
            "ip link add name " + BRIDGE + " type bridge",
            "ip addr add 10.213.213.1/24 dev " + BRIDGE,
            "ip link set " + BRIDGE + " up")) {
      Process ip = new ProcessBuilder(command.split(" ")).redirectErrorStream(true).start();
      String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (ip.waitFor() != 0) {
        throw new AssertionError(command + ": " + out);
      }
    }
  }

  PrivateEngine start() throws Exception {
    ensureBridge();
    process =
        new ProcessBuilder(
                List.of(
                    "dockerd",
                    "-H",
                    docker.host(),
                    "--data-root",
                    root.resolve("data").toString(),
                    "--exec-root",
                    root.resolve("exec").toString(),
                    "--pidfile",
                    root.resolve("docker.pid").toString(),
                    "--bridge=" + BRIDGE,
                    "--iptables=false"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        docker.run("version", "--format", "{{.Server.Version}}");
        return this;
      } catch (AssertionError notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(
              "private dockerd did not start: " + Files.readString(root.resolve("dockerd.log")));
        }
        Thread.sleep(100);
      }
    }
  }

  /** Gives the engine the test image, from the machine's engine: nothing can be pulled. */
  PrivateEngine withTestImage() throws Exception {
    Process save =
        new ProcessBuilder(
                "sh",
                "-c",
                "docker save reactor-test/busybox | docker -H " + docker.host() + " load")
            .redirectErrorStream(true)
            .start();
    String out = new String(save.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (save.waitFor() != 0) {
      throw new AssertionError("cannot load the test image: " + out);
    }
    return this;
  }

  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
  }
}
