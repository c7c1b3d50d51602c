package io.github.dockereventsreactor.systemd;

import java.io.IOException;

/** Where notify messages go: systemd's socket, or nowhere when the daemon is not under systemd. */
interface NotifyChannel {

  /** Sends one message, several {@code KEY=value} lines, as one datagram. */
  void send(String message) throws IOException;
}
