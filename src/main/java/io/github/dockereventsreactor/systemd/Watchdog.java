package io.github.dockereventsreactor.systemd;

import io.github.dockereventsreactor.core.Periodic;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's watchdog: {@code WATCHDOG=1} every half of {@code WATCHDOG_USEC}, as long as the
 * daemon's own threads are healthy. Driven by that heartbeat and never by events, because a quiet
 * engine is normal and a wedged reader is not: when the heartbeat fails, the pings stop and systemd
 * restarts the daemon.
 */
public final class Watchdog {

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final Notify notify;
  private final BooleanSupplier healthy;
  private boolean silent;

  Watchdog(Notify notify, BooleanSupplier healthy) {
    this.notify = notify;
    this.healthy = healthy;
  }

  /**
   * How often to ping, if systemd asked for pings from this process: half of {@code WATCHDOG_USEC},
   * unless {@code WATCHDOG_PID} names another process (a parent that exec'd no further, say).
   */
  static Optional<Duration> interval(Map<String, String> environment, long pid) {
    String usec = environment.get("WATCHDOG_USEC");
    String forPid = environment.get("WATCHDOG_PID");
    if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(usec);
      return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
    } catch (NumberFormatException e) {
      LOG.warn("WATCHDOG_USEC={} is not a number of microseconds: no watchdog pings", usec);
      return Optional.empty();
    }
  }

  /**
   * Starts pinging on a daemon thread of its own if systemd asked this process for pings; {@code
   * healthy} says whether the reading and dispatching threads make progress or idle-wait.
   */
  public static void start(
      Map<String, String> environment, Notify notify, BooleanSupplier healthy) {
    interval(environment, ProcessHandle.current().pid())
        .ifPresent(
            every ->
                new Watchdog(notify, healthy)
                    .start(
                        Executors.newSingleThreadScheduledExecutor(
                            r -> {
                              Thread thread = new Thread(r, "systemd watchdog");
                              thread.setDaemon(true);
                              return thread;
                            }),
                        every));
  }

  /** Pings every {@code every} on {@code timer} until the timer is shut down. */
  void start(ScheduledExecutorService timer, Duration every) {
    Periodic.every(timer, Duration.ZERO, every, "the watchdog's ping", this::beat);
  }

  /** One heartbeat: a ping if the daemon's threads are healthy, else silence (logged once). */
  void beat() {
    if (healthy.getAsBoolean()) {
      if (silent) {
        silent = false;
        LOG.info("the reactor's threads are healthy again: watchdog pings resume");
      }
      notify.watchdog();
    } else if (!silent) {
      silent = true;
      LOG.error("the reactor's threads are stuck: no more watchdog pings, systemd will restart it");
    }
  }
}
