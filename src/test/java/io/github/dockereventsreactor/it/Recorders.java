package io.github.dockereventsreactor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test commands first on PATH: each call of a recorder writes one file holding its argv and
 * DOCKER_EVENT_* environment, NUL-separated, so any byte of an argument survives.
 */
final class Recorders {

  /** One recorded call: which command, its arguments and the event environment it saw. */
  record Call(String command, List<String> args, java.util.Map<String, String> env) {}

  private final Path bin;
  private final Path calls;

  Recorders(Path dir) throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    calls = Files.createDirectories(dir.resolve("calls"));
  }

  /**
   * Recorders for the commands of the seed's file (examples/reactor.yml); sudo just runs its argv.
   */
  static Recorders forSeed(Path dir) throws IOException {
    return new Recorders(dir)
        .add("notification-push")
        .add("salt-call")
        .add("docker-paas-propagate-sentry-relay")
        .script("sudo", "exec \"$@\"\n");
  }

  Path bin() {
    return bin;
  }

  /** A recorder named {@code name}: records its call, then exits 0. */
  Recorders add(String name) throws IOException {
    return script(
        name,
        "f=$(mktemp \""
            + calls
            + "/$(date +%s%N)-XXXXXX\")\n"
            + "{ printf '%s\\0' \""
            + name
            + "\"; printf '%s\\0' \"$#\"; printf '%s\\0' \"$@\";"
            + " env -0 | grep -z '^DOCKER_EVENT_'; } > \"$f.tmp\"\n"
            + "mv \"$f.tmp\" \"$f.call\"; rm -f \"$f\"\n");
  }

  /**
   * A fast recorder named {@code name}: appends its arguments as one line to {@code file}. One
   * small O_APPEND write is atomic, so concurrent calls never interleave.
   */
  Recorders appender(String name, Path file) throws IOException {
    return script(name, "printf '%s\\n' \"$*\" >> '" + file + "'\n");
  }

  /** A script named {@code name} with this body (sh). */
  Recorders script(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return this;
  }

  /** Every call so far, in the order they were made. */
  List<Call> calls() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(calls)) {
      files =
          list.filter(p -> p.toString().endsWith(".call"))
              .sorted(Comparator.comparing(Path::getFileName))
              .collect(Collectors.toList());
    }
    List<Call> result = new ArrayList<>();
    for (Path file : files) {
      List<String> fields =
          Arrays.asList(
              new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0", -1));
      int argc = Integer.parseInt(fields.get(1));
      java.util.Map<String, String> env = new java.util.TreeMap<>();
      for (String entry : fields.subList(2 + argc, fields.size())) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
      result.add(new Call(fields.get(0), List.copyOf(fields.subList(2, 2 + argc)), env));
    }
    return result;
  }

  /** Each call of {@code command} so far as one line: its arguments joined by spaces. */
  List<String> argLines(String command) {
    try {
      return calls(command).stream()
          .map(c -> String.join(" ", c.args()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  List<Call> calls(String command) throws IOException {
    return calls().stream().filter(c -> c.command().equals(command)).collect(Collectors.toList());
  }
}
