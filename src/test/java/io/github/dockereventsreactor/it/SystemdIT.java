package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package under a real systemd 252 as PID 1, in a container of the Debian 12 root file
 * system scripts/test-env makes with debootstrap (reactor-test/systemd:bookworm). The engine is
 * away when the package is installed, and comes later: a relay of the host's dockerd on a socket in
 * a directory the test shares with the container.
 */
class SystemdIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String IMAGE = "reactor-test/systemd:bookworm";
  private static final String UNIT = "docker-events-reactor";
  private static final Path DEB =
      Path.of(System.getProperty("reactor.deb", "target/docker-events-reactor_0.1.0_all.deb"));
  private static final Docker DOCKER = Docker.local();

  @TempDir Path dir;
  private final String name = "reactor-systemd-it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void boot() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // What the host's docker CLI may refuse (--privileged) is not needed: these suffice for
    // systemd as PID 1 and for the unit's sandbox (its own mount namespaces).
    DOCKER.run(
        "run",
        "-d",
        "--name",
        name,
        "--cap-add",
        "ALL",
        "--cap-drop",
        "SYS_RESOURCE",
        "--security-opt",
        "seccomp=unconfined",
        "--cgroupns=host",
        "-v",
        "/sys/fs/cgroup:/sys/fs/cgroup:rw",
        "--tmpfs",
        "/run",
        "--tmpfs",
        "/run/lock",
        "-v",
        dir + ":/srv/engine",
        IMAGE);
    await(
        () -> exec("systemctl", "is-system-running").output().strip(),
        state -> state.equals("running") || state.equals("degraded"),
        "systemd up");
  }

  @AfterEach
  void remove() {
    DOCKER.quietly("rm", "-f", name);
  }

  private Docker.Result exec(String... command) {
    List<String> all = new ArrayList<>(List.of("docker", "exec", name));
    all.addAll(List.of(command));
    return Docker.execute(all);
  }

  private String ok(String... command) {
    Docker.Result result = exec(command);
    assertThat(result.status()).as(String.join(" ", command) + ": " + result.output()).isZero();
    return result.output().strip();
  }

  private String show(String property) {
    return ok("systemctl", "show", "-p", property, "--value", UNIT);
  }

  private interface Probe {
    String read();
  }

  private String await(Probe probe, Predicate<String> wanted, String what) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    String seen = probe.read();
    while (!wanted.test(seen)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "timed out waiting for " + what + ", last: " + seen + "\n" + journal());
      }
      Thread.sleep(200);
      seen = probe.read();
    }
    return seen;
  }

  private String journal() {
    return exec("journalctl", "-u", UNIT, "--no-pager", "-n", "40").output();
  }

  @Test
  void startsWithoutTheEngineConnectsWhenItComesAndReloadsWithItsOutcome() throws Exception {
    // The engine this host will have: not there yet when the package's postinst starts the unit.
    ok("mkdir", "-p", "/etc/systemd/system/" + UNIT + ".service.d");
    ok(
        "sh",
        "-c",
        "printf '[Service]\\nEnvironment=DOCKER_HOST=unix:///srv/engine/docker.sock\\n' >"
            + " /etc/systemd/system/"
            + UNIT
            + ".service.d/engine.conf");
    DOCKER.run("cp", DEB.toString(), name + ":/tmp/reactor.deb");

    long began = System.nanoTime();
    String installed = ok("dpkg", "-i", "/tmp/reactor.deb");
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    // Before: the start waited for the engine until the unit's 90 s timeout.
    assertThat(took).as(installed).isLessThan(Duration.ofSeconds(45));
    assertThat(installed).doesNotContain("Could not execute systemctl");
    assertThat(show("ActiveState")).as(journal()).isEqualTo("active");
    assertThat(show("StatusText"))
        .isEqualTo("1 rules loaded, connecting to unix:///srv/engine/docker.sock");
    String pid = show("MainPID");
    assertThat(ok("stat", "-c", "%a", "/var/lib/" + UNIT)).isEqualTo("750");

    try (SocketRelay engine =
        new SocketRelay(dir.resolve("docker.sock"), Path.of("/var/run/docker.sock"))) {
      Files.setPosixFilePermissions(
          dir.resolve("docker.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
      await(
          () -> show("StatusText"),
          s -> s.equals("connected to unix:///srv/engine/docker.sock"),
          "connected");
      assertThat(show("MainPID")).isEqualTo(pid);
      assertThat(show("NRestarts")).isEqualTo("0");

      String rules = "/etc/" + UNIT + "/reactor.yml";
      ok("cp", rules, "/tmp/good.yml");
      ok("sh", "-c", "printf 'events_reactor:\\n  r:\\n    rn: [x]\\n' > " + rules);
      Docker.Result refused = exec("systemctl", "reload", UNIT);
      assertThat(refused.status()).as(refused.output()).isNotZero();
      assertThat(journal()).contains(rules + ":3:5: rule \"r\": unknown key \"rn\"");
      assertThat(show("ActiveState")).isEqualTo("active");

      ok("cp", "/tmp/good.yml", rules);
      ok("systemctl", "reload", UNIT);
      assertThat(show("StatusText")).isEqualTo("rules reloaded, in force from the next event");
      assertThat(show("MainPID")).isEqualTo(pid);

      ok("systemctl", "stop", UNIT);
      assertThat(show("Result")).isEqualTo("success");
    }
  }
}
