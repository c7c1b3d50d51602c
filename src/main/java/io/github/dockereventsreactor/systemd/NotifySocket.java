package io.github.dockereventsreactor.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * systemd's notify socket, a Unix datagram socket, reached through libc's {@code socket} and {@code
 * sendto} over JNA: the JDK has Unix stream sockets only. This class alone touches JNA, so the
 * native library is loaded only when {@code NOTIFY_SOCKET} is set.
 */
final class NotifySocket implements NotifyChannel {

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;

  /** Rule commands are spawned by this process: the socket must not leak into them. */
  private static final int SOCK_CLOEXEC = 0x80000;

  /** A vanished receiver must not kill the daemon with SIGPIPE. */
  private static final int MSG_NOSIGNAL = 0x4000;

  /** {@code sizeof(sockaddr_un.sun_path)} on Linux. */
  private static final int SUN_PATH = 108;

  /** The few libc calls used, bound by name. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong sendto(
        int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
        throws LastErrorException;
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private final int fd;
  private final byte[] address;

  private NotifySocket(int fd, byte[] address) {
    this.fd = fd;
    this.address = address;
  }

  /** A socket sending to {@code name}: a path, or {@code @name} for the abstract namespace. */
  static NotifyChannel open(String name) throws IOException {
    byte[] address = sockaddr(name);
    try {
      return new NotifySocket(LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), address);
    } catch (LastErrorException e) {
      throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
    }
  }

  /**
   * A {@code struct sockaddr_un}: the family, then the path and its NUL; for an abstract name, a
   * NUL then the name, whose length is the address length (no terminator).
   */
  static byte[] sockaddr(String name) throws IOException {
    boolean isAbstract = name.startsWith("@");
    byte[] path = (isAbstract ? name.substring(1) : name).getBytes(StandardCharsets.UTF_8);
    int pathLength = path.length + 1;
    if ((!isAbstract && !name.startsWith("/")) || pathLength > SUN_PATH) {
      throw new IOException("not a Unix socket path or @name (of at most 107 bytes): " + name);
    }
    ByteBuffer address = ByteBuffer.allocate(2 + pathLength).order(ByteOrder.nativeOrder());
    address.putShort((short) AF_UNIX);
    if (isAbstract) {
      address.put((byte) 0).put(path);
    } else {
      address.put(path).put((byte) 0);
    }
    return address.array();
  }

  @Override
  public void send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try {
      LIBC.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, address.length);
    } catch (LastErrorException e) {
      throw new IOException("sendto failed: errno " + e.getErrorCode(), e);
    }
  }
}
