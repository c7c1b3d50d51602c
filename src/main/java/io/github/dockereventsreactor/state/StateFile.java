package io.github.dockereventsreactor.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.engine.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The checkpoint on disk, written atomically (a temp file, fsync, rename) so a crash leaves the
 * old checkpoint or the new one, never half of one.
 */
public final class StateFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;

  public StateFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /** The saved checkpoint; empty when there is no file yet. */
  public Optional<Checkpoint> read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    JsonNode root = JSON.readTree(bytes);
    JsonNode time = root == null ? null : root.get("timeNano");
    if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
      throw new IOException(path + " has no integer \"timeNano\": not a reactor state file");
    }
    return Optional.of(
        new Checkpoint(
            time.longValue(),
            root.path("type").asText(""),
            root.path("action").asText(""),
            root.path("actorId").asText("")));
  }

  public void write(Checkpoint checkpoint) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("timeNano", checkpoint.timeNano());
    root.put("type", checkpoint.type());
    root.put("action", checkpoint.action());
    root.put("actorId", checkpoint.actorId());
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap((root + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
