package io.github.dockereventsreactor.template;

import io.github.dockereventsreactor.event.DockerEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The event id's digest: SHA-256 over the engine's id and the event's identity (the fields the
 * engine never changes between deliveries: timeNano, type, action, actor id), 128 bits in hex.
 */
final class EventDigest {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EventDigest() {}

  static String of(String engineId, DockerEvent event) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    // Each part is prefixed by its length, so no choice of values makes two identities one.
    for (String part :
        new String[] {
          engineId,
          Long.toString(event.timeNano()),
          event.type(),
          event.action(),
          event.actor().id()
        }) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha.update(bytes);
    }
    byte[] digest = sha.digest();
    char[] hex = new char[32];
    for (int i = 0; i < 16; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(hex);
  }
}
