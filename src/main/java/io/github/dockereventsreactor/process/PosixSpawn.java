package io.github.dockereventsreactor.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.File;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a command with glibc's posix_spawn(3) through JNA, in a session of its own ({@code
 * POSIX_SPAWN_SETSID}): what the JDK's spawn does plus util-linux's setsid, without setsid's own
 * exec, which cost about as much again as the JDK's whole spawn (docs/benchmarks.md). The child
 * gets the pipes it needs and nothing else (every descriptor from 3 up closed in it), an empty
 * signal mask and default signal handlers, its working directory, and its arguments and environment
 * in UTF-8 whatever the locale.
 */
final class PosixSpawn {

  private static final Logger LOG = LoggerFactory.getLogger(PosixSpawn.class);

  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final short POSIX_SPAWN_SETSID = 0x80;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int EINTR = 4;
  private static final int ENOEXEC = 8;

  /** Above glibc's sizes of posix_spawn_file_actions_t (80), posix_spawnattr_t (336), sigset_t. */
  private static final int ACTIONS_BYTES = 256;

  private static final int ATTR_BYTES = 512;
  private static final int SIGSET_BYTES = 256;

  /** The libc functions this needs; glibc 2.34 or later (closefrom, chdir in file actions). */
  interface LibC extends Library {
    int posix_spawn(
        IntByReference pid,
        Pointer path,
        Pointer fileActions,
        Pointer attr,
        Pointer argv,
        Pointer envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer signals);

    int posix_spawnattr_destroy(Pointer attr);

    int sigfillset(Pointer set);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int poll(int[] fds, int count, int timeoutMs) throws LastErrorException;

    int close(int fd);

    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    String strerror(int error);
  }

  /** libc with every function this needs, or empty: the JDK's spawn and setsid then run it. */
  static final Optional<LibC> LIBC = load();

  private PosixSpawn() {}

  private static Optional<LibC> load() {
    try {
      LibC libc = Native.load("c", LibC.class);
      // Looked up now, not at the first command: an older glibc lacks them.
      com.sun.jna.NativeLibrary c = com.sun.jna.NativeLibrary.getInstance("c");
      c.getFunction("posix_spawn_file_actions_addclosefrom_np");
      c.getFunction("posix_spawn_file_actions_addchdir_np");
      return Optional.of(libc);
    } catch (LinkageError | RuntimeException e) {
      LOG.info(
          "commands start through the JDK and setsid: posix_spawn unusable ({})", e.toString());
      return Optional.empty();
    }
  }

  /**
   * Starts {@code file} (a path, found on the command's PATH beforehand) with {@code argv}; its
   * standard output and error on one pipe, its standard input a pipe when {@code stdin}, else
   * /dev/null.
   */
  static Process start(
      LibC libc,
      String file,
      List<String> argv,
      Map<String, String> environment,
      File directory,
      boolean stdin)
      throws IOException {
    int[] output = pipe(libc);
    int[] input = stdin ? pipeOrClose(libc, output) : null;
    List<byte[]> arguments = encoded(argv);
    List<byte[]> environ = new ArrayList<>(environment.size());
    environment.forEach((name, value) -> environ.add(cString(name + "=" + value)));
    byte[] path = cString(file);
    byte[] cwd = directory == null ? null : cString(directory.getPath());
    Block block =
        new Block(
            ACTIONS_BYTES
                + ATTR_BYTES
                + 2 * SIGSET_BYTES
                + Block.size(path)
                + (cwd == null ? 0 : Block.size(cwd))
                + Block.size(arguments)
                + Block.size(environ));
    Pointer actions = block.take(ACTIONS_BYTES);
    Pointer attr = block.take(ATTR_BYTES);
    libc.posix_spawn_file_actions_init(actions);
    libc.posix_spawnattr_init(attr);
    try {
      if (input != null) {
        libc.posix_spawn_file_actions_adddup2(actions, input[0], 0);
      } else {
        libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0);
      }
      libc.posix_spawn_file_actions_adddup2(actions, output[1], 1);
      libc.posix_spawn_file_actions_adddup2(actions, output[1], 2);
      // Whatever the JVM opened without O_CLOEXEC (sockets, files) stays out of the command.
      libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
      if (cwd != null) {
        libc.posix_spawn_file_actions_addchdir_np(actions, block.string(cwd));
      }
      Pointer empty = block.take(SIGSET_BYTES);
      Pointer all = block.take(SIGSET_BYTES);
      libc.sigfillset(all);
      libc.posix_spawnattr_setsigmask(attr, empty);
      libc.posix_spawnattr_setsigdefault(attr, all);
      libc.posix_spawnattr_setflags(
          attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
      Pointer envp = block.strings(environ);
      IntByReference pid = new IntByReference();
      int error =
          libc.posix_spawn(pid, block.string(path), actions, attr, block.strings(arguments), envp);
      if (error == ENOEXEC) {
        // A script without a #! line: execvp(3), which setsid used, hands it to the shell.
        List<String> shell = new ArrayList<>(List.of("/bin/sh", file));
        shell.addAll(argv.subList(1, argv.size()));
        List<byte[]> shellArguments = encoded(shell);
        byte[] sh = cString("/bin/sh");
        Block again = new Block(Block.size(sh) + Block.size(shellArguments));
        try {
          error =
              libc.posix_spawn(
                  pid, again.string(sh), actions, attr, again.strings(shellArguments), envp);
        } finally {
          Reference.reachabilityFence(again);
        }
      }
      if (error != 0) {
        libc.close(output[0]);
        if (input != null) {
          libc.close(input[1]);
        }
        throw new IOException("error=" + error + ", " + libc.strerror(error));
      }
      return new SpawnedProcess(libc, pid.getValue(), output[0], input == null ? -1 : input[1]);
    } finally {
      libc.posix_spawn_file_actions_destroy(actions);
      libc.posix_spawnattr_destroy(attr);
      Reference.reachabilityFence(block);
      // The child's ends: it holds its own copies now.
      libc.close(output[1]);
      if (input != null) {
        libc.close(input[0]);
      }
    }
  }

  private static int[] pipe(LibC libc) throws IOException {
    int[] fds = new int[2];
    try {
      libc.pipe2(fds, O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("pipe2: " + libc.strerror(e.getErrorCode()), e);
    }
    return fds;
  }

  private static int[] pipeOrClose(LibC libc, int[] other) throws IOException {
    try {
      return pipe(libc);
    } catch (IOException e) {
      libc.close(other[0]);
      libc.close(other[1]);
      throw e;
    }
  }

  static boolean interrupted(LastErrorException e) {
    return e.getErrorCode() == EINTR;
  }

  private static List<byte[]> encoded(List<String> values) {
    List<byte[]> bytes = new ArrayList<>(values.size());
    values.forEach(value -> bytes.add(cString(value)));
    return bytes;
  }

  /** UTF-8, whatever the locale, and the NUL that ends a C string. */
  private static byte[] cString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  /**
   * One native allocation for all a spawn needs: JNA allocates each string of a StringArray apart,
   * and 35 environment variables cost 0.1 to 0.2 ms a command that way.
   */
  private static final class Block {
    private final Memory memory;
    private final long base;
    private long used;

    Block(long size) {
      memory = new Memory(size);
      memory.clear();
      base = Pointer.nativeValue(memory);
    }

    /** Bytes a C string takes here, aligned for what comes after it. */
    static long size(byte[] string) {
      return (string.length + 7L) & ~7L;
    }

    /** Bytes a NULL-terminated array of C strings and the strings take here. */
    static long size(List<byte[]> strings) {
      long size = (strings.size() + 1L) * Native.POINTER_SIZE;
      for (byte[] string : strings) {
        size += size(string);
      }
      return size;
    }

    Pointer take(long bytes) {
      Pointer pointer = new Pointer(base + used);
      used += (bytes + 7L) & ~7L;
      return pointer;
    }

    Pointer string(byte[] string) {
      Pointer pointer = take(string.length);
      pointer.write(0, string, 0, string.length);
      return pointer;
    }

    Pointer strings(List<byte[]> strings) {
      Pointer table = take((strings.size() + 1L) * Native.POINTER_SIZE);
      for (int i = 0; i < strings.size(); i++) {
        table.setPointer((long) i * Native.POINTER_SIZE, string(strings.get(i)));
      }
      table.setPointer((long) strings.size() * Native.POINTER_SIZE, null);
      return table;
    }
  }
}
