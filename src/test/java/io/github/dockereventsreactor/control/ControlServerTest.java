package io.github.dockereventsreactor.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void answersEachRequestWithItsOutcomeOnASocketForItsOwnUserOnly() throws IOException {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server =
        ControlServer.start(
            socket,
            request ->
                request.equals("health")
                    ? ControlAnswer.ok("healthy")
                    : ControlAnswer.fail("refused:\nline 3"))) {
      assertThat(ControlClient.ask(socket, "health", DEADLINE))
          .isEqualTo(ControlAnswer.ok("healthy"));
      assertThat(ControlClient.ask(socket, "reload", DEADLINE))
          .isEqualTo(ControlAnswer.fail("refused: line 3"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void replacesTheSocketOfAReactorThatIsGoneAndRefusesOneThatAnswers() throws IOException {
    Path socket = dir.resolve("control.sock");
    ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    gone.bind(UnixDomainSocketAddress.of(socket));
    gone.close(); // the file stays, as a killed reactor leaves it

    try (ControlServer server = ControlServer.start(socket, request -> ControlAnswer.ok("one"))) {
      assertThatThrownBy(() -> ControlServer.start(socket, request -> ControlAnswer.ok("two")))
          .hasMessageContaining("another process answers on the control socket " + socket);
      assertThat(ControlClient.ask(socket, "health", DEADLINE).text()).isEqualTo("one");
    }
  }

  @Test
  void refusesAPathThatIsNoSocket() throws IOException {
    Path file = Files.writeString(dir.resolve("rules.yml"), "kept");

    assertThatThrownBy(() -> ControlServer.start(file, request -> ControlAnswer.ok("")))
        .hasMessageContaining(file + " is a file of another kind");
    assertThat(file).hasContent("kept");
  }

  @Test
  void aDaemonThatNeverAnswersFailsTheAskAtItsDeadline() throws IOException {
    Path socket = dir.resolve("silent.sock");
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> ControlClient.ask(socket, "health", Duration.ofMillis(300)))
          .hasMessageContaining("did not answer health: no whole line within 300 ms");
    }
  }

  @Test
  void nothingListeningIsSaidWithThePath() {
    Path socket = dir.resolve("none.sock");

    assertThatThrownBy(() -> ControlClient.ask(socket, "health", DEADLINE))
        .hasMessageContaining("no reactor answers on the control socket " + socket);
  }

  @Test
  void aClientThatNeverSendsItsRequestDoesNotHoldTheOthersUp() throws IOException {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server = ControlServer.start(socket, request -> ControlAnswer.ok("here"));
        SocketChannel mute = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      assertThat(mute.isConnected()).isTrue();
      assertThat(ControlClient.ask(socket, "health", DEADLINE).text()).isEqualTo("here");
    }
  }
}
