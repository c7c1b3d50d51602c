package io.github.dockereventsreactor.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol ({@code sd_notify}): readiness, status lines, reloads, stops and
 * watchdog pings, sent to {@code NOTIFY_SOCKET}. Without that variable it sends nothing and loads
 * nothing native: the daemon then behaves exactly as it would without systemd.
 */
public final class Notify {

  private static final Logger LOG = LoggerFactory.getLogger(Notify.class);

  /** What a stop needs beyond the commands' drain: the kill, the last checkpoint, the exit. */
  private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

  private final Optional<NotifyChannel> channel;
  private final LongSupplier monotonicNanos;
  private volatile boolean failureLogged;

  Notify(Optional<NotifyChannel> channel, LongSupplier monotonicNanos) {
    this.channel = channel;
    this.monotonicNanos = monotonicNanos;
  }

  /** Speaks to {@code NOTIFY_SOCKET} when the environment names one, else stays silent. */
  public static Notify fromEnvironment(Map<String, String> environment) {
    // System.nanoTime is CLOCK_MONOTONIC on Linux, the clock MONOTONIC_USEC is read against.
    return new Notify(open(environment.get("NOTIFY_SOCKET")), System::nanoTime);
  }

  private static Optional<NotifyChannel> open(@Nullable String socket) {
    if (socket == null || socket.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NotifySocket.open(socket));
    } catch (IOException | LinkageError e) {
      LOG.warn(
          "NOTIFY_SOCKET={} cannot be used, systemd will not hear from the reactor: {}",
          socket,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether messages go anywhere. */
  public boolean enabled() {
    return channel.isPresent();
  }

  /**
   * The daemon is ready: rules loaded, its readers running. Not "connected": an engine that is not
   * there yet (installed later in the same apt run, down at boot) is the status line's business,
   * not a start that blocks until systemd's timeout and restarts.
   */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + line(status));
  }

  public void status(String status) {
    send("STATUS=" + line(status));
  }

  /** The daemon is alive: its own threads make progress. */
  public void watchdog() {
    send("WATCHDOG=1");
  }

  /**
   * Runs a reload between {@code RELOADING=1} and {@code READY=1}, the pair systemd waits for
   * (stamped with the monotonic clock, as systemd 253 and later require), with the outcome as the
   * status; returns the reload's result.
   */
  public <T> T aroundReload(Supplier<T> reload, Predicate<T> applied) {
    long usec = TimeUnit.NANOSECONDS.toMicros(monotonicNanos.getAsLong());
    send("RELOADING=1\nMONOTONIC_USEC=" + usec + "\nSTATUS=reloading the rules");
    T result = reload.get();
    ready(
        applied.test(result)
            ? "rules reloaded, in force from the next event"
            : "reload failed, the previous rules stay in force (see the log)");
    return result;
  }

  /**
   * The daemon is stopping and may drain its commands for {@code drain}: systemd is asked to wait
   * that long (plus a margin), even past the unit's stop timeout, instead of killing it mid-drain.
   */
  public void stopping(Duration drain) {
    long usec = TimeUnit.NANOSECONDS.toMicros(drain.plus(STOP_MARGIN).toNanos());
    send(
        "STOPPING=1\nEXTEND_TIMEOUT_USEC="
            + usec
            + "\nSTATUS=stopping: queued and running commands get up to "
            + drain.toSeconds()
            + " s");
  }

  /** A status is one line of the protocol. */
  private static String line(String status) {
    return status.replaceAll("[\\r\\n]+", " ");
  }

  private void send(String message) {
    channel.ifPresent(
        c -> {
          try {
            c.send(message);
          } catch (IOException e) {
            if (!failureLogged) {
              failureLogged = true;
              LOG.warn("cannot notify systemd (further failures not logged): {}", e.getMessage());
            }
          }
        });
  }
}
