package io.github.dockereventsreactor.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: a Unix socket, readable and writable by its own user only, where
 * {@code health} and {@code reload} ask the running daemon one line each and get one line back. A
 * Unix socket rather than the metrics listener: it exists without metrics, reaches nobody on the
 * network, and its file mode says who may reload.
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

  /** A client has this long to send its request; the answer may take as long as it takes. */
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);

  private final Path path;
  private final ServerSocketChannel server;

  private ControlServer(Path path, ServerSocketChannel server) {
    this.path = path;
    this.server = server;
  }

  /**
   * Listens at {@code path}, answering each request line with {@code answers}; a socket left there
   * by a reactor that is gone is replaced. Fails when another process answers there, or the path
   * cannot be made a socket (its directory missing or not writable, a file of another kind).
   */
  public static ControlServer start(Path path, Function<String, ControlAnswer> answers)
      throws IOException {
    clearStale(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      throw new IOException(
          "cannot listen on the control socket "
              + path
              + ": "
              + ControlLine.said(e)
              + "; give --control-socket a path in a directory the reactor may write",
          e);
    }
    ControlServer control = new ControlServer(path, server);
    Thread accepting = new Thread(() -> control.accept(answers), "control socket");
    accepting.setDaemon(true);
    accepting.start();
    return control;
  }

  private static void clearStale(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isOther()) {
      throw new IOException(
          "the control socket "
              + path
              + " is a file of another kind: move it away, or give --control-socket another path");
    }
    if (answers(path)) {
      throw new IOException(
          "another process answers on the control socket "
              + path
              + ": is a reactor already running with it? Stop it, or give --control-socket another"
              + " path");
    }
    Files.delete(path);
  }

  private static boolean answers(Path path) {
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private void accept(Function<String, ControlAnswer> answers) {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread serving = new Thread(() -> serve(client, answers), "control request");
        serving.setDaemon(true);
        serving.start();
      } catch (AsynchronousCloseException e) {
        return; // closed: the reactor is stopping
      } catch (IOException e) {
        LOG.warn("control socket {}: {}; still listening", path, ControlLine.said(e));
      }
    }
  }

  private void serve(SocketChannel client, Function<String, ControlAnswer> answers) {
    try (client) {
      String request = ControlLine.read(client, REQUEST_DEADLINE).strip();
      ControlLine.write(client, answers.apply(request).line());
    } catch (IOException e) {
      LOG.debug("control socket {}: a request not answered: {}", path, ControlLine.said(e));
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(path);
  }
}
