package io.github.dockereventsreactor.process;

import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.engine.OutcomeLog;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command directly, without a shell, with the event in its environment; logs its output
 * lines under the rule's name, and kills its whole process tree when it outlives its timeout.
 */
public final class ProcessExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessExecutor.class);

  /** Linux's MAX_ARG_STRLEN: the kernel refuses a longer single argument. */
  static final int MAX_ARGUMENT_BYTES = 128 * 1024;

  private static final File DEV_NULL = new File("/dev/null");

  private final Duration killGrace;

  /** {@code killGrace}: how long a timed-out command has between SIGTERM and SIGKILL. */
  public ProcessExecutor(Duration killGrace) {
    this.killGrace = killGrace;
  }

  /** Runs the command; blocks until it ends, times out (killed) or the thread is interrupted. */
  public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
    List<String> argv = command.argv();
    Optional<String> refused = refusal(argv);
    if (refused.isPresent()) {
      return new Outcome.NotStarted(refused.get());
    }
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    if (command.stdin().isEmpty()) {
      builder.redirectInput(DEV_NULL);
    }
    if (command.cwd().isPresent()) {
      File cwd = new File(command.cwd().get());
      if (!cwd.isDirectory()) {
        return new Outcome.NotStarted("cwd " + cwd + " is not a directory");
      }
      builder.directory(cwd);
    }
    addEventEnvironment(builder.environment(), event);
    builder.environment().putAll(command.env());
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Outcome.NotStarted("cannot run \"" + argv.get(0) + "\": " + e.getMessage());
    }
    Thread pump = pumpOutput(rule, event, process);
    command.stdin().ifPresent(payload -> feed(process, payload));
    Duration timeout = rule.options().timeout();
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        killTree(process);
        return new Outcome.TimedOut(timeout);
      }
      pump.join(killGrace.toMillis());
      return new Outcome.Exited(process.exitValue(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Why the OS would refuse to spawn this argv, said plainly instead of as a spawn error. */
  static Optional<String> refusal(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.indexOf('\0') >= 0) {
        return Optional.of("argument " + i + " contains a NUL byte, which no command can receive");
      }
      int bytes = arg.getBytes(StandardCharsets.UTF_8).length;
      if (bytes >= MAX_ARGUMENT_BYTES) {
        return Optional.of(
            "argument "
                + i
                + " is "
                + bytes
                + " bytes; Linux refuses a single argument of 128 KiB or more"
                + " (read DOCKER_EVENT_PAYLOAD from the environment instead)");
      }
    }
    return Optional.empty();
  }

  static void addEventEnvironment(Map<String, String> env, DockerEvent event) {
    env.put("DOCKER_EVENT_TYPE", event.type());
    env.put("DOCKER_EVENT_ACTION", event.engineAction());
    env.put("DOCKER_EVENT_ACTOR_ID", event.actor().id());
    event.actorName().ifPresent(name -> env.put("DOCKER_EVENT_ACTOR_NAME", name));
    env.put("DOCKER_EVENT_PAYLOAD", event.json());
  }

  private static Thread pumpOutput(Rule rule, DockerEvent event, Process process) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  OutcomeLog.about(LOG.atInfo(), rule, event).log("[{}] {}", rule.name(), line);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "output: " + rule.name());
    pump.setDaemon(true);
    pump.start();
    return pump;
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

  /** SIGTERM to the command and everything it started, then SIGKILL after the grace period. */
  private void killTree(Process process) {
    List<ProcessHandle> tree = process.descendants().collect(java.util.stream.Collectors.toList());
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(killGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("pid {} ignored SIGTERM for {} ms, sending SIGKILL", process.pid(), killGrace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
