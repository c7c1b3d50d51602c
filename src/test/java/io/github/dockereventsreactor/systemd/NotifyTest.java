package io.github.dockereventsreactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify protocol on a real datagram socket, as systemd receives it. */
class NotifyTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void tellsAPathSocketItIsReady() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Notify notify = Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()));

      notify.ready("connected to unix:///var/run/docker.sock");

      assertThat(notify.enabled()).isTrue();
      assertThat(systemd.next(DEADLINE))
          .isEqualTo("READY=1\nSTATUS=connected to unix:///var/run/docker.sock");
    }
  }

  @Test
  void tellsAnAbstractSocketItIsReady() throws Exception {
    try (NotifyReceiver systemd =
        NotifyReceiver.bind("@reactor-notify-test-" + UUID.randomUUID())) {
      Notify notify = Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()));

      notify.ready("connected");
      notify.watchdog();

      assertThat(systemd.next(DEADLINE)).isEqualTo("READY=1\nSTATUS=connected");
      assertThat(systemd.next(DEADLINE)).isEqualTo("WATCHDOG=1");
    }
  }

  @Test
  void wrapsAReloadBetweenReloadingStampedWithTheMonotonicClockAndReady() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Notify notify =
          new Notify(Optional.of(NotifySocket.open(systemd.name())), () -> 5_000_123_456L);

      notify.aroundReload(() -> true, ok -> ok);
      notify.aroundReload(() -> false, ok -> ok);

      assertThat(systemd.next(DEADLINE))
          .isEqualTo("RELOADING=1\nMONOTONIC_USEC=5000123\nSTATUS=reloading the rules");
      assertThat(systemd.next(DEADLINE))
          .isEqualTo("READY=1\nSTATUS=rules reloaded, in force from the next event");
      assertThat(systemd.next(DEADLINE)).startsWith("RELOADING=1\n");
      assertThat(systemd.next(DEADLINE))
          .isEqualTo(
              "READY=1\nSTATUS=reload failed, the previous rules stay in force (see the log)");
    }
  }

  @Test
  void asksSystemdToWaitForTheDrainWhenStopping() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Notify notify = Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name()));

      notify.stopping(Duration.ofMinutes(5));

      assertThat(systemd.next(DEADLINE))
          .isEqualTo(
              "STOPPING=1\nEXTEND_TIMEOUT_USEC=310000000\n"
                  + "STATUS=stopping: queued and running commands get up to 300 s");
    }
  }

  @Test
  void keepsAStatusOnOneLine() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify").toString())) {
      Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name())).status("a\nREADY=1\r\nb");

      assertThat(systemd.next(DEADLINE)).isEqualTo("STATUS=a READY=1 b");
    }
  }

  @Test
  void isSilentWithoutNotifySocket() {
    Notify notify = Notify.fromEnvironment(Map.of());

    notify.ready("connected");

    assertThat(notify.enabled()).isFalse();
  }

  @Test
  void isSilentWhenNotifySocketIsNotAUnixSocketName() {
    assertThat(Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path")).enabled())
        .isFalse();
    assertThat(Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + "x".repeat(108))).enabled())
        .isFalse();
  }

  @Test
  void carriesOnWhenNobodyListens() throws Exception {
    Notify notify = Notify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()));

    notify.ready("connected");
    notify.watchdog();

    assertThat(notify.enabled()).isTrue();
  }
}
