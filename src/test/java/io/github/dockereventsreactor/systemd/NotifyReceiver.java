package io.github.dockereventsreactor.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What systemd's side of the notify protocol does with the socket: a real Unix datagram socket,
 * bound to a path or an abstract name, receiving one message per datagram. Over JNA, like the
 * daemon, because the JDK has no Unix datagram sockets.
 */
public final class NotifyReceiver implements AutoCloseable {

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int EAGAIN = 11;

  /** The libc calls of a receiving socket. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    int close(int fd);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private final int fd;
  private final String name;
  private final List<String> received = new ArrayList<>();

  private NotifyReceiver(int fd, String name) {
    this.fd = fd;
    this.name = name;
  }

  /** Binds to {@code name}: a path, or {@code @name} in the abstract namespace. */
  public static NotifyReceiver bind(String name) throws IOException {
    int fd = LIBC.socket(AF_UNIX, SOCK_DGRAM, 0);
    byte[] address = NotifySocket.sockaddr(name);
    LIBC.bind(fd, address, address.length);
    if (!name.startsWith("@")) {
      // A daemon under test may run as another user: let it send.
      Files.setPosixFilePermissions(Path.of(name), PosixFilePermissions.fromString("rw-rw-rw-"));
    }
    return new NotifyReceiver(fd, name);
  }

  /** The value for {@code NOTIFY_SOCKET}. */
  public String name() {
    return name;
  }

  /** The next message, or an AssertionError when none comes within the deadline. */
  public String next(Duration deadline) {
    ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    timeval.putLong(deadline.toSeconds()).putLong(deadline.toNanosPart() / 1000);
    LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), 16);
    byte[] buffer = new byte[4096];
    try {
      int length = LIBC.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
      String message = new String(buffer, 0, length, StandardCharsets.UTF_8);
      received.add(message);
      return message;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EAGAIN) {
        throw new AssertionError("no notify message within " + deadline + "; got " + received);
      }
      throw e;
    }
  }

  /** Receives until a message matches, failing with every message seen after the deadline. */
  public String await(Predicate<String> wanted, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(end - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        throw new AssertionError(
            "no matching notify message within " + deadline + "; got " + received);
      }
      String message = next(left);
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  /** Every message received so far. */
  public List<String> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() throws IOException {
    LIBC.close(fd);
    if (!name.startsWith("@")) {
      Files.deleteIfExists(Path.of(name));
    }
  }
}
