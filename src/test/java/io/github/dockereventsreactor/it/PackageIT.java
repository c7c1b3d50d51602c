package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.systemd.NotifyReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Debian package as an operator meets it: built by {@code mvn package}, installed on this
 * machine with {@code dpkg -i}, run as its own user the way the unit runs it, then purged. Needs
 * root (dpkg), as CI and scripts/test have.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageIT {

  private static final Path DEB =
      Path.of(System.getProperty("reactor.deb", "target/docker-events-reactor_0.1.0_all.deb"));
  private static final String NAME = "docker-events-reactor";
  private static final String UNIT = "/usr/lib/systemd/system/docker-events-reactor.service";
  private static final String RULES = "/etc/docker-events-reactor/reactor.yml";
  private static final Path DROP_INS =
      Path.of("/etc/systemd/system/docker-events-reactor.service.d");
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** Paths named after the package before it was installed: what a purge must come back to. */
  private static List<String> before;

  @BeforeAll
  static void install() throws Exception {
    assertThat(sh("id", "-u").out().strip()).as("dpkg -i needs root").isEqualTo("0");
    sh("dpkg", "--purge", NAME); // a run that died before its purge
    before = traces();
    sh("dpkg", "-i", DEB.toString()).ok();
  }

  @AfterAll
  static void purgeIfStillThere() {
    sh("rm", "-rf", DROP_INS.toString());
    sh("dpkg", "--purge", NAME);
  }

  @Test
  @Order(1)
  void describesItselfAsAJavaDaemonWithItsRulesAsAConffile() {
    String info = sh("dpkg-deb", "-I", DEB.toString()).ok();
    assertThat(info)
        .contains(" Package: docker-events-reactor\n")
        .containsPattern(" Version: \\d+\\.\\d+\\.\\d+\n")
        .contains(" Architecture: all\n")
        .contains(" Depends: java17-runtime-headless, adduser\n");
    assertThat(sh("dpkg-deb", "-I", DEB.toString(), "conffiles").ok()).isEqualTo(RULES + "\n");
  }

  @Test
  @Order(2)
  void holdsTheJarLauncherRulesUnitCompletionAndDocs() {
    List<String> files =
        sh("dpkg-deb", "-c", DEB.toString())
            .ok()
            .lines()
            .filter(l -> !l.startsWith("d"))
            .map(l -> l.substring(l.indexOf("./") + 1))
            .sorted()
            .collect(Collectors.toList());
    // The pages under docs/ are whatever the repository's docs/ holds; the reference among them.
    String docs = "/usr/share/doc/docker-events-reactor/docs/";
    assertThat(files).contains(docs + "rules.md", docs + "engines.md", docs + "operations.md");
    assertThat(files.stream().filter(f -> !f.startsWith(docs)))
        .containsExactly(
            RULES,
            "/usr/bin/docker-events-reactor",
            "/usr/lib/systemd/system/docker-events-reactor.service",
            "/usr/share/bash-completion/completions/docker-events-reactor",
            "/usr/share/doc/docker-events-reactor/README.md",
            "/usr/share/doc/docker-events-reactor/copyright",
            "/usr/share/doc/docker-events-reactor/drop-ins/read-write-paths.conf",
            "/usr/share/doc/docker-events-reactor/drop-ins/run-as-root.conf",
            "/usr/share/doc/docker-events-reactor/drop-ins/sudo.conf",
            "/usr/share/docker-events-reactor/docker-events-reactor.jar",
            "/usr/share/docker-events-reactor/run-java.sh");
  }

  @Test
  @Order(3)
  void installsAUserInTheDockerGroupAndCommandsThatWork() {
    assertThat(sh("id", "-nG", NAME).ok().split("\\s+")).contains(NAME, "docker");
    assertThat(sh("/usr/bin/docker-events-reactor", "--version").ok())
        .matches("docker-events-reactor \\d+\\.\\d+\\.\\d+\nbuilt from commit [0-9a-f]{40}.*\n");
    assertThat(sh("/usr/bin/docker-events-reactor", "check", "-c", RULES).ok())
        .startsWith("Count container starts and deaths: on type=container action=[start, die]");
    assertThat(
            sh(
                    "bash",
                    "-c",
                    "source /usr/share/bash-completion/completions/"
                        + NAME
                        + " && complete -p "
                        + NAME)
                .ok())
        .contains(NAME);
  }

  /**
   * On a host with no engine yet, the docker group the unit asks for is made, or systemd would
   * refuse to start the unit (216/GROUP). The package's postinst runs in a mount namespace of its
   * own, over a copy of /etc without the group and empty /var/lib and /var/cache: nothing of the
   * machine changes.
   */
  @Test
  @Order(3)
  void makesTheDockerGroupOnAHostWithoutItAndPutsItsUserInIt() throws IOException {
    Path work = Files.createTempDirectory("package-it-postinst");
    try {
      sh("dpkg-deb", "-e", DEB.toString(), work.resolve("control").toString()).ok();
      String script =
          String.join(
              "\n",
              "set -e",
              "cp -a /etc \"$1/etc\"",
              "sed -i '/^docker:/d' \"$1/etc/group\" \"$1/etc/gshadow\"",
              "mount --bind \"$1/etc\" /etc",
              "mount -t tmpfs tmpfs /var/lib",
              "mount -t tmpfs tmpfs /var/cache",
              "getent group docker && exit 3",
              "sh \"$1/control/postinst\" configure",
              "id -nG " + NAME);
      Run run = sh("unshare", "-m", "sh", "-c", script, "postinst", work.toString());
      assertThat(run.ok().strip().split("\\s+")).contains(NAME, "docker");
    } finally {
      sh("rm", "-rf", work.toString());
    }
  }

  @Test
  @Order(4)
  void installsAUnitSystemdAcceptsWithItsDropInsAndRatesMediumOrBetter() throws IOException {
    sh("systemd-analyze", "verify", UNIT).ok();
    String security = sh("systemd-analyze", "security", "--offline=true", UNIT).ok();
    Matcher exposure =
        Pattern.compile("Overall exposure level for [^:]+: (\\d+\\.\\d)").matcher(security);
    assertThat(exposure.find()).as(security).isTrue();
    assertThat(Double.parseDouble(exposure.group(1))).isLessThanOrEqualTo(4.9);
    // The README's figure is what operators compare their host's against.
    assertThat(Files.readString(Path.of("README.md")))
        .contains("rates it " + exposure.group(1) + ", OK");

    Files.createDirectories(DROP_INS);
    try (var dropIns = Files.list(Path.of("/usr/share/doc/docker-events-reactor/drop-ins"))) {
      for (Path dropIn : dropIns.collect(Collectors.toList())) {
        Path installed = DROP_INS.resolve(dropIn.getFileName());
        Files.copy(dropIn, installed);
        try {
          assertThat(sh("systemd-analyze", "verify", NAME + ".service").status())
              .as("systemd-analyze verify with " + dropIn.getFileName())
              .isZero();
        } finally {
          Files.delete(installed);
        }
      }
    } finally {
      Files.delete(DROP_INS);
    }
  }

  @Test
  @Order(5)
  void runsAsItsUserTellingSystemdItIsReadyAndAlive() throws Exception {
    Path dir = Files.createTempDirectory("reactor-notify");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = dir.resolve("reactor.log");
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Process reactor =
          new ProcessBuilder(
                  "runuser",
                  "-u",
                  NAME,
                  "--",
                  "env",
                  "NOTIFY_SOCKET=" + systemd.name(),
                  "WATCHDOG_USEC=1000000",
                  "/usr/bin/docker-events-reactor",
                  "run",
                  "-c",
                  RULES,
                  "--state-file",
                  "/var/lib/docker-events-reactor/state.json",
                  // The default rules serve metrics on 9323: a free port, not to collide with
                  // whatever listens there.
                  "--metrics-listen",
                  "127.0.0.1:0")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        systemd.await(m -> m.startsWith("READY=1\n"), DEADLINE);
        // Ready is "rules loaded, reader running"; the event below needs the stream connected.
        systemd.await(m -> m.startsWith("STATUS=connected to "), DEADLINE);
        systemd.await(m -> m.equals("WATCHDOG=1"), Duration.ofSeconds(5));
        systemd.await(m -> m.equals("WATCHDOG=1"), Duration.ofSeconds(5));
        // An event, so that a checkpoint is due: the state directory is writable by the user.
        String volume = "package-it-" + ProcessHandle.current().pid();
        Docker.local().run("volume", "create", volume);
        Docker.local().run("volume", "rm", volume);
        Path state = Path.of("/var/lib/docker-events-reactor/state.json");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(state) && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertThat(state).as(Files.readString(log)).exists();
        // runuser's child is the launcher, which exec'd Java: the daemon itself.
        ProcessHandle daemon = reactor.toHandle().children().findFirst().orElseThrow();
        sh("kill", "-HUP", Long.toString(daemon.pid())).ok();
        systemd.await(m -> m.startsWith("RELOADING=1\nMONOTONIC_USEC="), Duration.ofSeconds(10));
        assertThat(systemd.await(m -> m.startsWith("READY=1\n"), Duration.ofSeconds(10)))
            .isEqualTo("READY=1\nSTATUS=rules reloaded, in force from the next event");
        sh("kill", "-TERM", Long.toString(daemon.pid())).ok();
        systemd.await(m -> m.startsWith("STOPPING=1\n"), Duration.ofSeconds(10));
        assertThat(reactor.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(reactor.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        reactor.destroyForcibly();
      }
      assertThat(Files.readString(log)).contains("connected to the Docker engine");
      assertThat(Path.of("/var/cache/docker-events-reactor/docker-events-reactor.jsa"))
          .isNotEmptyFile();
    } finally {
      sh("rm", "-rf", dir.toString());
    }
  }

  @Test
  @Order(6)
  void purgesToNothingButWhatWasThereBefore() throws Exception {
    sh("dpkg", "--purge", NAME).ok();
    assertThat(traces()).isEqualTo(before);
  }

  /** Every file, directory, user and group named after the package, outside Docker's own data. */
  private static List<String> traces() {
    List<String> found = new ArrayList<>();
    String paths =
        sh(
                "find",
                "/etc",
                "/usr",
                "/var",
                "-path",
                "/var/lib/docker",
                "-prune",
                "-o",
                "-path",
                "/var/lib/containerd",
                "-prune",
                "-o",
                "-name",
                "*" + NAME + "*",
                "-print")
            .out();
    found.addAll(paths.lines().sorted().collect(Collectors.toList()));
    found.add("user: " + sh("getent", "passwd", NAME).out().strip());
    found.add("group: " + sh("getent", "group", NAME).out().strip());
    return found;
  }

  private record Run(List<String> command, int status, String out, String err) {
    /** The standard output of a command that must succeed. */
    String ok() {
      assertThat(status).as(String.join(" ", command) + ":\n" + out + err).isZero();
      return out;
    }
  }

  private static Run sh(String... command) {
    try {
      Path err = Files.createTempFile("package-it", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " hung");
        }
        return new Run(Arrays.asList(command), process.exitValue(), out, Files.readString(err));
      } finally {
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
