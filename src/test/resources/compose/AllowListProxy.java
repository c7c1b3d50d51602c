// A socket proxy for ContainerIT's compose test, run as a single source file by the JRE of the
// local base image (java AllowListProxy.java), since no proxy image can be pulled there. It passes
// only the reads the reactor makes (GET of _ping, version, info, events, containers/json and
// containers/{id}/json: narrower than tecnativa/docker-socket-proxy's CONTAINERS=1, which passes
// every GET under containers/) and answers 403 to anything else. One request per connection: it adds
// "Connection: close", so that no second request on a kept-alive connection escapes the check.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

public class AllowListProxy {

  static final Pattern ALLOWED =
      Pattern.compile("^GET (/v[0-9.]+)?/(_ping|version|info|events|containers/json|containers/[a-zA-Z0-9_.-]+/json)( |\\?)");

  public static void main(String[] args) throws IOException {
    try (ServerSocket server = new ServerSocket(2375)) {
      while (true) {
        Socket client = server.accept();
        new Thread(() -> serve(client)).start();
      }
    }
  }

  static void serve(Socket client) {
    try (client;
        SocketChannel engine =
            SocketChannel.open(UnixDomainSocketAddress.of("/var/run/docker.sock"))) {
      String head = head(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (head == null || !ALLOWED.matcher(head).find()) {
        System.out.println("refused: " + (head == null ? "" : head.lines().findFirst().orElse("")));
        out.write(
            ("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      String closed =
          head.replaceAll("(?im)^connection:.*\r\n", "").replaceFirst("\r\n\r\n$", "\r\nConnection: close\r\n\r\n");
      OutputStream toEngine = Channels.newOutputStream(engine);
      toEngine.write(closed.getBytes(StandardCharsets.ISO_8859_1));
      toEngine.flush();
      Channels.newInputStream(engine).transferTo(out);
    } catch (IOException e) {
      // the client or the engine went away
    }
  }

  /** The request line and headers, up to the blank line; null when the client sent no whole head. */
  static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && head.size() < 65536) {
      head.write(b);
      byte[] bytes = head.toByteArray();
      int n = bytes.length;
      if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
        return new String(bytes, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }
}
