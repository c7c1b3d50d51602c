package io.github.dockereventsreactor.control;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Asks the running daemon one thing on its control socket, as {@code health} and {@code reload} do.
 */
public final class ControlClient {

  private ControlClient() {}

  /**
   * Sends {@code request} and waits up to {@code deadline} for the answer; fails, saying where and
   * why, when nothing answers there or the answer does not come in time.
   */
  public static ControlAnswer ask(Path socket, String request, Duration deadline)
      throws IOException {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new IOException(
          "no reactor answers on the control socket "
              + socket
              + " ("
              + ControlLine.said(e)
              + "): is it running, with --control-socket "
              + socket
              + "?",
          e);
    }
    try (channel) {
      ControlLine.write(channel, request + "\n");
      return ControlAnswer.parse(ControlLine.read(channel, deadline));
    } catch (IOException e) {
      throw new IOException(
          "the reactor on " + socket + " did not answer " + request + ": " + ControlLine.said(e),
          e);
    }
  }
}
