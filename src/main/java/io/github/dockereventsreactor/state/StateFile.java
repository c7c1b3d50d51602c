package io.github.dockereventsreactor.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.rules.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint on disk, written atomically (a temp file, fsync, rename) so a crash leaves the old
 * checkpoint or the new one, never half of one. The top level is the last done event; {@code
 * recent} lists the done events a resume may get back (at most 256, the last two seconds). A
 * reactor of several engines writes one such object per engine under {@code engines}, by the
 * engine's name: {@code {"engines": {"docker": {"timeNano": …, "recent": […]}, …}}}. The temp file
 * is created exclusively next to the state file and never through a symlink: one planted at its
 * name is removed, not written through.
 */
public final class StateFile {

  private static final ObjectMapper JSON = new ObjectMapper();
  // A checkpoint is a few hundred identities per engine, tens of KiB: a file far larger is not one
  // (and read whole it would take the heap).
  static final long MAX_BYTES = 4 << 20;

  private final Path path;

  public StateFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /** The saved checkpoint of a reactor of one engine; empty when there is no file yet. */
  public Optional<Checkpoint> read() throws IOException {
    return Optional.ofNullable(positions(ONE_ENGINE).get(ONE_ENGINE));
  }

  /** The key of a one-engine file's checkpoint in {@link #positions}. */
  public static final String ONE_ENGINE = "default";

  /**
   * Each engine's saved checkpoint by engine name; a file of one engine (the top level a
   * checkpoint) gives its checkpoint under {@code oneEngine}. Empty when there is no file yet.
   */
  public Map<String, Checkpoint> positions(String oneEngine) throws IOException {
    byte[] bytes;
    try {
      bytes = RegularFile.read(path, MAX_BYTES, "the state file");
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    JsonNode root = JSON.readTree(bytes);
    if (root == null || !root.isObject()) {
      throw new IOException(path + " is not a reactor state file (no JSON object)");
    }
    if (!root.has("engines")) {
      return Map.of(oneEngine, checkpoint(root));
    }
    Map<String, Checkpoint> positions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> engine : root.path("engines").properties()) {
      positions.put(engine.getKey(), checkpoint(engine.getValue()));
    }
    return positions;
  }

  private Checkpoint checkpoint(JsonNode node) throws IOException {
    EventId last = id(node);
    List<EventId> recent = new ArrayList<>();
    for (JsonNode item : node.path("recent")) {
      recent.add(id(item));
    }
    return new Checkpoint(last, recent.isEmpty() ? List.of(last) : recent);
  }

  private EventId id(JsonNode node) throws IOException {
    JsonNode time = node.get("timeNano");
    if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
      throw new IOException(
          path + " has an event without an integer \"timeNano\": not a reactor state file");
    }
    return new EventId(
        time.longValue(),
        node.path("type").asText(""),
        node.path("action").asText(""),
        node.path("actorId").asText(""));
  }

  private static ObjectNode json(EventId id) {
    ObjectNode node = JSON.createObjectNode();
    node.put("timeNano", id.timeNano());
    node.put("type", id.type());
    node.put("action", id.action());
    node.put("actorId", id.actorId());
    return node;
  }

  /**
   * Whether the checkpoint can be written, checked at start. Fails, with the reason, when it never
   * could be where it is (no such directory, a file or a directory in the way), so a reactor that
   * could never save its progress does not run as if it could; the reason, when the disk refuses
   * now but may take it later (full, read-only, a permission): the reactor then runs, degraded.
   */
  public synchronized Optional<String> checkWritable() throws IOException {
    try {
      create(temp()).close();
      Files.delete(temp());
      return Optional.empty();
    } catch (IOException e) {
      if (!Failures.mayHeal(e)) {
        throw described(e);
      }
      return Optional.of(described(e).getMessage());
    }
  }

  /** Saves the checkpoint of a reactor of one engine, as the top level. */
  public void write(Checkpoint checkpoint) throws IOException {
    write(json(checkpoint));
  }

  /** Saves each engine's checkpoint under {@code engines}, by name. */
  public void write(Map<String, Checkpoint> positions) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode engines = root.putObject("engines");
    positions.forEach((name, checkpoint) -> engines.set(name, json(checkpoint)));
    write(root);
  }

  private static ObjectNode json(Checkpoint checkpoint) {
    ObjectNode root = json(checkpoint.last());
    ArrayNode recent = root.putArray("recent");
    checkpoint.recent().forEach(id -> recent.add(json(id)));
    return root;
  }

  private synchronized void write(ObjectNode root) throws IOException {
    Path temp = temp();
    try {
      try (FileChannel channel = create(temp)) {
        channel.write(ByteBuffer.wrap((root + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The rename is the directory's change: until the directory reaches the disk, a power cut
      // can bring back the old checkpoint, or no file at all.
      try (FileChannel directory = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw described(e);
    }
  }

  private Path temp() {
    return path.resolveSibling(path.getFileName() + ".tmp");
  }

  /**
   * The temp file, new: O_EXCL never follows a symlink. Whatever is already there (left by a crash,
   * or planted) is removed first; removing a symlink removes the link, not its target.
   */
  private static FileChannel create(Path temp) throws IOException {
    try {
      return open(temp);
    } catch (FileAlreadyExistsException e) {
      Files.delete(temp);
      return open(temp);
    }
  }

  private static FileChannel open(Path temp) throws IOException {
    return FileChannel.open(
        temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** The JDK's message for a refused write is often the path alone: this one says why. */
  private IOException described(IOException e) {
    String why =
        e instanceof NoSuchFileException
            ? "no such directory: " + path.getParent()
            : Failures.reason(e);
    return new IOException("cannot write the state file " + path + ": " + why, e);
  }
}
