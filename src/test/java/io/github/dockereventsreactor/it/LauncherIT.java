package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launchers' shared part (packaging/launcher/run-java.sh), sourced under {@code set -euo
 * pipefail} as both launchers source it, with the class-data archive's directory on a file system
 * of its own: a tmpfs in a mount namespace of the test's, gone with it. Needs root (mount), as CI
 * and scripts/test have.
 */
class LauncherIT {

  /** Mounts a 16 KiB tmpfs on $1, fills it, then runs the launcher with the archive in it. */
  private static final String FULL_CACHE =
      "set -euo pipefail; mount -t tmpfs -o size=16k tmpfs \"$1\";"
          + " dd if=/dev/zero of=\"$1/fill\" bs=4k >/dev/null 2>&1 || true;"
          + " . packaging/launcher/run-java.sh;"
          + " run_reactor \"$2\" \"$1/docker-events-reactor.jsa\" \"${@:3}\"";

  @Test
  void aFullCacheCostsTheArchiveNotTheStart() throws Exception {
    Run version = withFullCache("--version");
    assertThat(version.status()).as(version.out()).isZero();
    assertThat(version.out())
        .startsWith("docker-events-reactor: training the class-data archive")
        .contains("could not train the class-data archive in ")
        .contains("(full?): running without it\n")
        .containsPattern("(?m)^docker-events-reactor \\d+\\.\\d+\\.\\d+$");

    // The daemon's training (a run of its own) takes the other branch.
    Run help = withFullCache("run", "--help");
    assertThat(help.status()).as(help.out()).isZero();
    assertThat(help.out())
        .contains("could not train the class-data archive in ")
        .contains("Usage: docker-events-reactor run");
  }

  /**
   * An archive is code mapped into the daemon: in a directory another user owns (here nobody's,
   * writable by all) the launcher neither trains one nor loads one planted there.
   */
  @Test
  void anArchiveDirectoryOfAnotherUserIsNeitherTrainedInNorLoadedFrom() throws Exception {
    Path cache = Files.createTempDirectory("launcher-it");
    Path out = Files.createTempFile("launcher-it", ".out");
    try {
      Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setOwner(
          cache,
          cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
      // Nothing trained there, in silence.
      String said = launch(cache, out);
      assertThat(said).doesNotContain("training").doesNotContain("class-data archive");
      try (var left = Files.list(cache)) {
        assertThat(left).as("nothing written into another user's directory").isEmpty();
      }
      // An archive found there, not ours, is not loaded, and that is said.
      Path planted = Files.writeString(cache.resolve("docker-events-reactor-cli.jsa"), "not one");
      Files.setOwner(planted, Files.getOwner(cache));
      assertThat(launch(cache, out))
          .startsWith(
              "docker-events-reactor: not using the class-data archive "
                  + planted
                  + ": it or its directory belongs to another user; running without it\n");
      Files.delete(planted);
    } finally {
      Files.delete(out);
      Files.delete(cache);
    }
  }

  /** The launcher's --version with its archive in {@code cache}; what it printed. */
  private static String launch(Path cache, Path out) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            "bash",
            "-c",
            "set -euo pipefail; . packaging/launcher/run-java.sh;"
                + " run_reactor \"$2\" \"$1/docker-events-reactor.jsa\" --version",
            "launcher",
            cache.toString(),
            ReactorProcess.JAR.toString());
    builder.environment().remove("REACTOR_JAVA_OPTS");
    Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
    String said = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(said).isZero();
    assertThat(said).containsPattern("(?m)^docker-events-reactor \\d+\\.\\d+\\.\\d+$");
    return said;
  }

  private record Run(int status, String out) {}

  private static Run withFullCache(String... args) throws IOException, InterruptedException {
    Path cache = Files.createTempDirectory("launcher-it");
    Path out = Files.createTempFile("launcher-it", ".out");
    try {
      List<String> command =
          new ArrayList<>(
              List.of(
                  "unshare",
                  "-m",
                  "bash",
                  "-c",
                  FULL_CACHE,
                  "launcher",
                  cache.toString(),
                  ReactorProcess.JAR.toString()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().remove("REACTOR_JAVA_OPTS");
      Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the launcher hung:\n" + Files.readString(out));
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      try (var left = Files.list(cache)) {
        assertThat(left).as("the tmpfs held everything; nothing lands underneath").isEmpty();
      }
      Files.delete(cache);
    }
  }
}
