package io.github.dockereventsreactor.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens only regular files. Opening a FIFO for reading blocks until a writer comes, for good if
 * none does (a start, a reload or {@code check} hung with no line said); a device or a directory is
 * no file the reactor wrote. So the type is looked at before any open, and what is read is bounded.
 */
public final class RegularFile {

  private static final int S_IFMT = 0170000;

  private RegularFile() {}

  /**
   * Fails, naming {@code what}, the path and its type, when {@code path} exists and is not a
   * regular file (a symlink to one is one); an absent path passes.
   */
  public static void refuseOtherTypes(Path path, String what) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode");
    } catch (NoSuchFileException e) {
      return;
    }
    String type = type(mode);
    if (!type.isEmpty()) {
      throw new IOException(
          what + " " + path + " is " + type + ", not a regular file: replace it with a file");
    }
  }

  /** Empty for a regular file, else what the path is, as the sentence says it. */
  private static String type(int mode) {
    return switch (mode & S_IFMT) {
      case 0100000 -> "";
      case 0040000 -> "a directory";
      case 0010000 -> "a FIFO (named pipe)";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      case 0140000 -> "a socket";
      default -> "not a file (mode " + Integer.toOctalString(mode) + ")";
    };
  }

  /**
   * The bytes of the regular file at {@code path}, refusing another type and a file longer than
   * {@code max} (which would not fit the heap, or is no file of ours) with a message naming {@code
   * what}.
   */
  public static byte[] read(Path path, long max, String what) throws IOException {
    refuseOtherTypes(path, what);
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > max) {
        throw new IOException(
            what
                + " "
                + path
                + " holds "
                + Files.size(path)
                + " bytes, more than it ever holds (at most "
                + max
                + "): it is not that file; move it away");
      }
      return bytes;
    }
  }
}
