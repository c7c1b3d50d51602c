package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.systemd.NotifyReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built daemon under systemd's notify protocol, and without it, against the real engine. */
class NotifyIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Process start(Path classLog, String... environment) throws Exception {
    Files.writeString(
        dir.resolve("rules.yml"),
        "events_reactor:\n  nothing:\n    event: {type: plugin, action: never}\n    run: [\"true\"]\n");
    ProcessBuilder builder =
        new ProcessBuilder(
                "java",
                "-Xmx128m",
                "-Xlog:class+load=info:file=" + classLog,
                "-jar",
                ReactorProcess.JAR.toString(),
                "run",
                "-c",
                dir.resolve("rules.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("reactor.log").toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("NOTIFY_") || k.startsWith("WATCHDOG_"));
    for (String variable : environment) {
      String[] pair = variable.split("=", 2);
      builder.environment().put(pair[0], pair[1]);
    }
    return builder.start();
  }

  private String stop(Process reactor) throws Exception {
    try {
      new ProcessBuilder("kill", "-TERM", Long.toString(reactor.pid())).start().waitFor();
      assertThat(reactor.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(dir.resolve("reactor.log"));
      assertThat(reactor.exitValue()).as(log).isZero();
      return log;
    } finally {
      reactor.destroyForcibly();
    }
  }

  @Test
  void speaksToAnAbstractNotifySocket() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind("@reactor-notify-it-" + UUID.randomUUID())) {
      Process reactor =
          start(
              dir.resolve("classes.log"),
              "NOTIFY_SOCKET=" + systemd.name(),
              "WATCHDOG_USEC=400000");
      String ready = systemd.await(m -> m.startsWith("READY=1\n"), DEADLINE);
      systemd.await(m -> m.equals("STATUS=connected to unix:///var/run/docker.sock"), DEADLINE);
      systemd.await(m -> m.equals("WATCHDOG=1"), Duration.ofSeconds(5));
      stop(reactor);
      systemd.await(m -> m.startsWith("STOPPING=1\n"), Duration.ofSeconds(5));

      // Ready with the rules loaded and the reader running; the connection is the status line's.
      assertThat(ready)
          .isEqualTo("READY=1\nSTATUS=1 rules loaded, connecting to unix:///var/run/docker.sock");
      // The watchdog's pings may come before it: its heartbeat runs from the start.
      assertThat(systemd.received().stream().filter(m -> !m.equals("WATCHDOG=1")).findFirst())
          .hasValue(ready);
    }
  }

  /**
   * Without NOTIFY_SOCKET the notify socket's native half is never loaded. JNA itself is: the rules
   * file is opened without blocking ({@code rules/RegularFile}, O_NONBLOCK), which the JDK cannot
   * ask for.
   */
  @Test
  void loadsNoNotifySocketWithoutNotifySocket() throws Exception {
    Path classes = dir.resolve("classes.log");
    Process reactor = start(classes);
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!Files.readString(dir.resolve("reactor.log"))
        .contains("connected to the Docker engine")) {
      assertThat(System.nanoTime())
          .as(Files.readString(dir.resolve("reactor.log")))
          .isLessThan(end);
      Thread.sleep(50);
    }
    stop(reactor);

    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).anyMatch(l -> l.contains(" io.github.dockereventsreactor.systemd.Notify "));
    assertThat(loaded).noneMatch(l -> l.contains("systemd.NotifySocket"));
  }
}
