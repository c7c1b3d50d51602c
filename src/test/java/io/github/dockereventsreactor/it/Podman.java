package io.github.dockereventsreactor.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Podman service scripts/test-env starts on a socket of its own, driven with {@code podman
 * --remote} so that every call goes through that service (and into its event log).
 */
final class Podman {

  static final Path SOCKET = Path.of("/run/reactor-test-podman/podman.sock");

  String host() {
    return "unix://" + SOCKET;
  }

  /** Runs a podman command and returns its standard output; fails the test on a non-zero exit. */
  String run(String... args) {
    List<String> command = new ArrayList<>(List.of("podman", "--remote", "--url", host()));
    command.addAll(Arrays.asList(args));
    Docker.Result result = Docker.execute(command);
    if (result.status() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + result.output());
    }
    return result.output().strip();
  }

  /** Runs a podman command whose failure is fine (cleanup). */
  void quietly(String... args) {
    List<String> command = new ArrayList<>(List.of("podman", "--remote", "--url", host()));
    command.addAll(Arrays.asList(args));
    Docker.execute(command);
  }

  /**
   * The events Podman replays from {@code sinceNanos} on, one JSON line each, as its API sends
   * them: the stream is read for a few seconds (Podman replays its log at once, then stays open).
   */
  List<String> events(long sinceNanos) {
    Docker.Result result =
        Docker.execute(
            List.of(
                "curl",
                "-s",
                "-m",
                "3",
                "--unix-socket",
                SOCKET.toString(),
                "http://d/v1.41/events?since=" + Docker.asSince(sinceNanos)));
    String out = result.output().strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
