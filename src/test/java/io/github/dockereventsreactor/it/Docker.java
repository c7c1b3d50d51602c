package io.github.dockereventsreactor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker CLI against one engine: test setup, teardown and the engine's own record of events.
 */
final class Docker {

  private final String host;

  Docker(String host) {
    this.host = host;
  }

  static Docker local() {
    return new Docker("unix:///var/run/docker.sock");
  }

  String host() {
    return host;
  }

  /** Runs a docker command and returns its standard output; fails the test on a non-zero exit. */
  String run(String... args) {
    Result result = attempt(args);
    if (result.status != 0) {
      throw new AssertionError("docker " + String.join(" ", args) + " failed: " + result.output);
    }
    return result.output.strip();
  }

  /** Runs a docker command whose failure is fine (cleanup). */
  void quietly(String... args) {
    attempt(args);
  }

  private Result attempt(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", host));
    command.addAll(Arrays.asList(args));
    return execute(command);
  }

  /** Runs any command with its output (both streams) collected; fails the test if it hangs. */
  static Result execute(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " hung");
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A finished command: its exit status and its output. */
  record Result(int status, String output) {}

  /** The engine's time now, in Unix nanoseconds, as `docker events --since` reads it. */
  static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static String asSince(long nanos) {
    return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }

  /** The events the engine reports for a period, one JSON line each, as `docker events` prints. */
  List<String> events(long sinceNanos, long untilNanos) {
    String out =
        run(
            "events",
            "--since",
            asSince(sinceNanos),
            "--until",
            asSince(untilNanos),
            "--format",
            "{{json .}}");
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
