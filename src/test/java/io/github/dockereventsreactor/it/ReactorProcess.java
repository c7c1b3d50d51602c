package io.github.dockereventsreactor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The built CLI run as a child process, as an operator runs it, with its log in a file. */
final class ReactorProcess implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("reactor.jar", "target/docker-events-reactor.jar"));

  private final Process process;
  private final Path log;

  private ReactorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar … args} with {@code bin} first on PATH and a UTF-8 locale. */
  static ReactorProcess start(Path bin, Path log, String... args) throws IOException {
    return start(List.of("-Xmx128m"), bin, log, Map.of(), args);
  }

  /** As {@link #start(Path, Path, String...)}, with these variables added to the environment. */
  static ReactorProcess start(Path bin, Path log, Map<String, String> env, String... args)
      throws IOException {
    return start(List.of("-Xmx128m"), bin, log, env, args);
  }

  /**
   * The JVM flags of the launcher (packaging/launcher/run-java.sh, shared by
   * bin/docker-events-reactor and the package; its 64 MiB heap among them), read from it so that a
   * test of memory limits runs the reactor as operators do.
   */
  static List<String> launcherFlags() throws IOException {
    for (String line : Files.readAllLines(Path.of("packaging/launcher/run-java.sh"))) {
      String flags = line.strip();
      if (flags.startsWith("local base=\"")) {
        return List.of(flags.substring("local base=\"".length(), flags.length() - 1).split(" "));
      }
    }
    throw new AssertionError("no base=\"…\" flags in packaging/launcher/run-java.sh");
  }

  /** {@link #start(Path, Path, String...)} with these JVM flags. */
  static ReactorProcess start(List<String> jvmFlags, Path bin, Path log, String... args)
      throws IOException {
    return start(jvmFlags, bin, log, Map.of(), args);
  }

  private static ReactorProcess start(
      List<String> jvmFlags, Path bin, Path log, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().remove("DOCKER_HOST");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new ReactorProcess(builder.start(), log);
  }

  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the log holds {@code text}, failing with the log after the deadline. */
  void awaitLog(String text, Duration deadline) throws Exception {
    await(() -> logHas(text), deadline, "log line \"" + text + "\"");
  }

  private boolean logHas(String text) {
    try {
      return log().contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the condition holds, failing with the reactor's log after the deadline. */
  void await(BooleanSupplier condition, Duration deadline, String what) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; reactor log:\n" + log());
      }
      Thread.sleep(50);
    }
  }

  void signal(String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  /** The exit status, waiting up to the deadline. */
  int awaitExit(Duration deadline) throws Exception {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("reactor still running after " + deadline + "; log:\n" + log());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Peak resident memory so far, from /proc, in KiB. */
  long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
