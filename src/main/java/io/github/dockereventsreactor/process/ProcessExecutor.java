package io.github.dockereventsreactor.process;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.OutcomeLog;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command directly, without a shell, with the event in its environment, in a session and
 * process group of its own ({@link PosixSpawn}, or the JDK and util-linux {@code setsid}); logs its
 * output lines under the rule's name within the rule's output limits. When the command exits, its
 * output is read for a short grace more and what it left running in its group is ended; at its
 * timeout the whole group is.
 */
public final class ProcessExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessExecutor.class);

  /** Linux's MAX_ARG_STRLEN: the kernel refuses a longer single argument or NAME=value. */
  static final int MAX_ARGUMENT_BYTES = 128 * 1024;

  /** How long output is read after the command exited: what still writes is in the background. */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

  private static final File DEV_NULL = new File("/dev/null");

  /**
   * util-linux's setsid: it calls setsid(2) and execs the command in the same process, since a
   * process Java starts is never a group leader, so the PID Java knows is the command's.
   */
  private static final Optional<String> SETSID =
      List.of("/usr/bin/setsid", "/bin/setsid").stream()
          .filter(path -> new File(path).canExecute())
          .findFirst();

  private final Duration killGrace;
  private final Duration outputGrace;
  private final boolean posixSpawn;
  private final boolean pidfd;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * {@code killGrace}: how long what a command leaves has between SIGTERM and SIGKILL. Commands
   * start through posix_spawn where glibc offers what it needs, else through the JDK and setsid;
   * {@code -Dreactor.spawn=jdk} asks for the latter (a way out, and the benchmark's comparison).
   */
  public ProcessExecutor(Duration killGrace) {
    this(killGrace, !"jdk".equals(System.getProperty("reactor.spawn")));
  }

  /**
   * {@code posixSpawn} false: the JDK's spawn and setsid, which tests keep running too. True loads
   * JNA at the first command, not before: an idle daemon that never runs one does not carry it.
   */
  ProcessExecutor(Duration killGrace, boolean posixSpawn) {
    this(killGrace, posixSpawn, true);
  }

  /**
   * {@code pidfd} false: a command posix_spawn started is waited for by pooled threads, as where
   * the kernel has no pidfd (before Linux 5.3), which tests keep running too.
   */
  ProcessExecutor(Duration killGrace, boolean posixSpawn, boolean pidfd) {
    this.pidfd = pidfd;
    this.killGrace = killGrace;
    this.outputGrace = killGrace.compareTo(OUTPUT_GRACE) < 0 ? killGrace : OUTPUT_GRACE;
    this.posixSpawn = posixSpawn;
    if (!posixSpawn && SETSID.isEmpty()) {
      LOG.warn("no setsid (util-linux) found: commands share the reactor's process group");
    }
  }

  /** Runs the command; blocks until it ends, times out (killed) or the thread is interrupted. */
  public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
    List<String> argv = command.argv();
    Optional<String> refused = refusal(argv).or(() -> environmentRefusal(command.env()));
    if (refused.isPresent()) {
      return new Outcome.NotStarted(refused.get());
    }
    // What the command's environment changes of the reactor's: PosixSpawn has the rest encoded.
    Map<String, String> overrides = eventEnvironment(rule, event);
    overrides.putAll(command.env());
    File cwd = command.cwd().map(File::new).orElse(null);
    if (cwd != null && !cwd.isDirectory()) {
      return new Outcome.NotStarted("cwd " + cwd + " is not a directory");
    }
    // posix_spawn finds a path itself and fails plainly: it is looked at first only when the spawn
    // fails (three file system calls less per command, and no look at PATH). A name is looked up on
    // the command's PATH, and setsid would only exit 127 for a command it cannot run.
    boolean spawnFinds = posixSpawn && PosixSpawn.LIBC.isPresent() && argv.get(0).indexOf('/') >= 0;
    Optional<String> file =
        spawnFinds
            ? Optional.of(argv.get(0))
            : Executables.located(argv.get(0), path(overrides), cwd);
    if (file.isEmpty()) {
      return new Outcome.NotStarted(
          "cannot run \""
              + argv.get(0)
              + "\": "
              + Executables.missing(argv.get(0), path(overrides), cwd));
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = start(argv, file.get(), overrides, cwd, command.stdin().isPresent());
    } catch (IOException e) {
      String path = path(overrides);
      String reason =
          Executables.located(argv.get(0), path, cwd).isEmpty()
              ? Executables.missing(argv.get(0), path, cwd)
              : e.getMessage();
      return new Outcome.NotStarted("cannot run \"" + argv.get(0) + "\": " + reason);
    }
    long started = System.nanoTime();
    OutputLog output = outputLog(rule, event, command, process);
    command.stdin().ifPresent(payload -> feed(process, payload));
    Duration timeout = rule.options().timeout();
    ProcessGroup group = new ProcessGroup(process.pid());
    try {
      OptionalLong exited =
          process instanceof SpawnedProcess spawned && spawned.drains()
              ? drained(spawned, output, start + timeout.toNanos())
              : awaited(process, output, timeout);
      if (exited.isEmpty()) {
        kill(process, group);
        return new Outcome.TimedOut(timeout);
      }
      if (group.alive()) {
        OutcomeLog.about(LOG.atWarn(), rule, event)
            .log(
                "rule \"{}\": pid {} exited and left processes in its group: SIGTERM, SIGKILL after {} ms",
                rule.name(),
                process.pid(),
                killGrace.toMillis());
        group.end(killGrace);
      }
      int status = process.exitValue();
      CommandStage stage = new CommandStage();
      if (stage.shouldCommit()) {
        stage.rule = rule.name();
        stage.eventTime = event.timeNano();
        stage.called = start;
        stage.spawned = started;
        stage.exited = exited.getAsLong();
        stage.cleaned = System.nanoTime();
        stage.status = status;
        stage.commit();
      }
      return new Outcome.Exited(status, Duration.ofNanos(exited.getAsLong() - start));
    } catch (InterruptedException e) {
      kill(process, group);
      Thread.currentThread().interrupt();
      return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** The command's PATH: its environment's, else the reactor's. */
  private static @Nullable String path(Map<String, String> overrides) {
    String path = overrides.get("PATH");
    return path != null ? path : System.getenv("PATH");
  }

  /**
   * The exit, seen on this thread, which reads the output meanwhile: nothing else wakes while the
   * command starts. The {@link System#nanoTime} of the exit, or empty at the deadline.
   */
  private OptionalLong drained(SpawnedProcess process, OutputLog output, long deadline)
      throws InterruptedException {
    try {
      return process.drain(output::take, deadline, outputGrace.toNanos());
    } finally {
      output.end();
    }
  }

  /** The exit, waited for while a thread of its own reads the output. */
  private OptionalLong awaited(Process process, OutputLog output, Duration timeout)
      throws InterruptedException {
    Thread reader = new Thread(output, output.name());
    reader.setDaemon(true);
    reader.start();
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return OptionalLong.empty();
    }
    long exited = System.nanoTime();
    reader.join(outputGrace.toMillis());
    return OptionalLong.of(exited);
  }

  /**
   * The command ({@code file}: argv[0] found on PATH), in a session and process group of its own,
   * its output and error on one pipe, its input a pipe or /dev/null; its environment the reactor's
   * with {@code overrides}.
   */
  private Process start(
      List<String> argv,
      String file,
      Map<String, String> overrides,
      @Nullable File cwd,
      boolean stdin)
      throws IOException {
    if (posixSpawn && PosixSpawn.LIBC.isPresent()) {
      return PosixSpawn.start(PosixSpawn.LIBC.get(), file, argv, overrides, cwd, stdin, pidfd);
    }
    List<String> line = new ArrayList<>(argv.size() + 1);
    SETSID.ifPresent(line::add);
    line.addAll(argv);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).directory(cwd);
    if (!stdin) {
      builder.redirectInput(DEV_NULL);
    }
    // A new builder's environment is the reactor's.
    builder.environment().putAll(overrides);
    return builder.start();
  }

  /** Why the OS would refuse to spawn this argv, said plainly instead of as a spawn error. */
  static Optional<String> refusal(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      Optional<String> why = unusable("", argv.get(i));
      if (why.isPresent()) {
        return Optional.of("argument " + i + why.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> environmentRefusal(Map<String, String> env) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      Optional<String> why = unusable(e.getKey() + "=", e.getValue());
      if (why.isPresent()) {
        return Optional.of("env " + e.getKey() + why.get());
      }
    }
    return Optional.empty();
  }

  /**
   * Why the kernel would refuse {@code prefix + value} (an argument, or NAME=value), {@code value}
   * being the part that came from a template; encoded only when it may be too long, for a UTF-16
   * char takes at most 3 bytes in UTF-8.
   */
  private static Optional<String> unusable(String prefix, String value) {
    if (value.indexOf('\0') >= 0) {
      return Optional.of(" contains a NUL byte, which no command can receive");
    }
    if ((prefix.length() + (long) value.length()) * 3 < MAX_ARGUMENT_BYTES) {
      return Optional.empty();
    }
    int bytes = (prefix + value).getBytes(StandardCharsets.UTF_8).length;
    if (bytes >= MAX_ARGUMENT_BYTES) {
      return Optional.of(
          " is "
              + bytes
              + " bytes; Linux refuses a single argument or variable of 128 KiB or more"
              + " (stdin: payload passes the whole event to the command's standard input)");
    }
    return Optional.empty();
  }

  /**
   * DOCKER_EVENT_*, without a value the kernel would refuse (a NUL byte, 128 KiB or more): the
   * command still runs, for most never read that variable; its rule is told once.
   */
  Map<String, String> eventEnvironment(Rule rule, DockerEvent event) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DOCKER_EVENT_TYPE", event.type());
    env.put("DOCKER_EVENT_ACTION", event.engineAction());
    env.put("DOCKER_EVENT_ACTOR_ID", event.actor().id());
    event.actorName().ifPresent(name -> env.put("DOCKER_EVENT_ACTOR_NAME", name));
    env.put("DOCKER_EVENT_PAYLOAD", event.json());
    for (var variables = env.entrySet().iterator(); variables.hasNext(); ) {
      Map.Entry<String, String> variable = variables.next();
      String name = variable.getKey();
      Optional<String> why = unusable(name + "=", variable.getValue());
      if (why.isPresent()) {
        variables.remove();
        if (warned.add(rule.name() + "\0" + name)) {
          OutcomeLog.about(LOG.atWarn(), rule, event)
              .log(
                  "rule \"{}\": {} left out of the environment: it{} (said once per rule)",
                  rule.name(),
                  name,
                  why.get());
        }
      }
    }
    return env;
  }

  private static OutputLog outputLog(
      Rule rule, DockerEvent event, Prepared.Command command, Process process) {
    return new OutputLog(
        "output: " + rule.name(),
        process.getInputStream(),
        command.output(),
        text -> OutcomeLog.about(LOG.atInfo(), rule, event).log("[{}] {}", rule.name(), text),
        text -> OutcomeLog.about(LOG.atWarn(), rule, event).log("[{}] {}", rule.name(), text));
  }

  /** Writes the payload to the command's stdin and closes it, off the lane: it may never read. */
  private static void feed(Process process, String payload) {
    Thread writer =
        new Thread(
            () -> {
              try (var in = process.getOutputStream()) {
                in.write(payload.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                // The command exited or closed its stdin without reading it all: its choice.
              }
            },
            "stdin");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * SIGTERM to the command's group and to every descendant (one may have left the group), then
   * SIGKILL to all after the grace period.
   */
  private void kill(Process process, ProcessGroup group) {
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
    // The group first, all at once: a shell that saw its child die first would run its next line.
    group.terminate();
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    group.end(killGrace);
    try {
      if (!process.waitFor(killGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "pid {} ignored SIGTERM for {} ms, sending SIGKILL",
            process.pid(),
            killGrace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
