package io.github.dockereventsreactor.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.github.dockereventsreactor.core.ErrorWords;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a command with glibc's posix_spawn(3) through JNA, in a session of its own ({@code
 * POSIX_SPAWN_SETSID}): what the JDK's spawn does plus util-linux's setsid, without setsid's own
 * exec, a second exec on the path of every command (spawn to exec: docs/benchmarks.md). The child
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

  /** The libc functions a started command's {@link SpawnedProcess} needs. */
  interface LibC extends Library {
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
      if (Native.POINTER_SIZE != Long.BYTES) {
        throw new UnsupportedOperationException("addresses of " + Native.POINTER_SIZE + " bytes");
      }
      LibC libc = Native.load("c", LibC.class);
      // Binds every spawn function now, not at the first command: an older glibc lacks some.
      Native.register(Calls.class, NativeLibrary.getInstance("c"));
      return Optional.of(libc);
    } catch (LinkageError | RuntimeException e) {
      LOG.info(
          "commands start through the JDK and setsid: posix_spawn unusable ({})",
          ErrorWords.message(e));
      return Optional.empty();
    }
  }

  /**
   * glibc's spawn functions (2.34 or later: closefrom and chdir in file actions) and the calls a
   * command's wait makes, direct-mapped with addresses as {@code long}: an interface-mapped call
   * goes through a proxy, reflection and an argument conversion each, on the path of every command.
   */
  static final class Calls {
    private Calls() {}

    static native int posix_spawn(
        long pid, long path, long fileActions, long attr, long argv, long envp);

    static native int posix_spawn_file_actions_init(long actions);

    static native int posix_spawn_file_actions_adddup2(long actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(
        long actions, int fd, long path, int flags, int mode);

    static native int posix_spawn_file_actions_addchdir_np(long actions, long path);

    static native int posix_spawn_file_actions_addclosefrom_np(long actions, int from);

    static native int posix_spawn_file_actions_destroy(long actions);

    static native int posix_spawnattr_init(long attr);

    static native int posix_spawnattr_setflags(long attr, short flags);

    static native int posix_spawnattr_setsigmask(long attr, long mask);

    static native int posix_spawnattr_setsigdefault(long attr, long signals);

    static native int sigfillset(long set);

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int close(int fd);

    static native int poll(int[] fds, int count, int timeoutMs) throws LastErrorException;

    static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native long syscall(long number, long first, long second);
  }

  /** pidfd_open(2)'s number, the same on every architecture but alpha. */
  private static final long PIDFD_OPEN = 434;

  /** A pidfd of the child {@code pid} (close-on-exec), or -1 where the kernel has none (< 5.3). */
  static int pidfd(int pid) {
    return (int) Calls.syscall(PIDFD_OPEN, pid, 0);
  }

  /**
   * What every command shares, set up once: the attributes (its own session, an empty signal mask,
   * every signal at its default), which posix_spawn only reads, "/dev/null", and the reactor's own
   * environment in UTF-8, which never changes in a running process. Never freed.
   */
  private static final class Shared {
    static final Memory MEMORY;
    static final long ATTR;
    static final long DEV_NULL;
    static final String[] NAMES;
    static final long[] VARIABLES;

    static {
      Map<String, String> inherited = System.getenv();
      NAMES = inherited.keySet().toArray(String[]::new);
      byte[][] encoded = new byte[NAMES.length][];
      long size = ATTR_BYTES + 2L * SIGSET_BYTES + Image.size(cString("/dev/null"));
      for (int i = 0; i < NAMES.length; i++) {
        encoded[i] = cString(NAMES[i] + "=" + inherited.get(NAMES[i]));
        size += Image.size(encoded[i]);
      }
      MEMORY = new Memory(size);
      MEMORY.clear();
      long base = Pointer.nativeValue(MEMORY);
      ATTR = base;
      long empty = base + ATTR_BYTES;
      long all = empty + SIGSET_BYTES;
      long at = all + SIGSET_BYTES;
      DEV_NULL = at;
      byte[] devNull = cString("/dev/null");
      MEMORY.write(at - base, devNull, 0, devNull.length);
      at += Image.size(devNull);
      VARIABLES = new long[NAMES.length];
      for (int i = 0; i < NAMES.length; i++) {
        MEMORY.write(at - base, encoded[i], 0, encoded[i].length);
        VARIABLES[i] = at;
        at += Image.size(encoded[i]);
      }
      Calls.posix_spawnattr_init(ATTR);
      Calls.sigfillset(all);
      Calls.posix_spawnattr_setsigmask(ATTR, empty);
      Calls.posix_spawnattr_setsigdefault(ATTR, all);
      Calls.posix_spawnattr_setflags(
          ATTR, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
    }

    private Shared() {}
  }

  /**
   * Starts {@code file} (a path, found on the command's PATH beforehand) with {@code argv} and the
   * reactor's environment with {@code overrides} in place of or beside its variables; its standard
   * output and error on one pipe, its standard input a pipe when {@code stdin}, else /dev/null.
   */
  static SpawnedProcess start(
      LibC libc,
      String file,
      List<String> argv,
      Map<String, String> overrides,
      @Nullable File directory,
      boolean stdin,
      boolean pidfd)
      throws IOException {
    List<byte[]> arguments = encoded(argv);
    List<byte[]> variables = new ArrayList<>(overrides.size());
    overrides.forEach((name, value) -> variables.add(cString(name + "=" + value)));
    long[] inherited = inherited(overrides);
    byte[] path = cString(file);
    byte[] cwd = directory == null ? null : cString(directory.getPath());
    long size =
        ACTIONS_BYTES
            + Long.BYTES
            + Image.size(path)
            + (cwd == null ? 0 : Image.size(cwd))
            + Image.size(arguments)
            + Image.size(variables)
            + (long) inherited.length * Long.BYTES;
    if (size > Integer.MAX_VALUE) {
      throw new IOException("arguments and environment of " + size + " bytes");
    }
    // Allocated before the pipes, so that its failure leaves none open.
    Image image = Image.of((int) size);
    int[] output = pipe(libc);
    int[] input = stdin ? pipeOrClose(libc, output) : null;
    try {
      long actions = image.take(ACTIONS_BYTES);
      long pid = image.take(Long.BYTES);
      long pathAt = image.string(path);
      long cwdAt = cwd == null ? 0 : image.string(cwd);
      long argvAt = image.strings(arguments, new long[0]);
      long envp = image.strings(variables, inherited);
      image.write();
      Calls.posix_spawn_file_actions_init(actions);
      try {
        if (input != null) {
          Calls.posix_spawn_file_actions_adddup2(actions, input[0], 0);
        } else {
          Calls.posix_spawn_file_actions_addopen(actions, 0, Shared.DEV_NULL, O_RDONLY, 0);
        }
        Calls.posix_spawn_file_actions_adddup2(actions, output[1], 1);
        Calls.posix_spawn_file_actions_adddup2(actions, output[1], 2);
        // Whatever the JVM opened without O_CLOEXEC (sockets, files) stays out of the command.
        Calls.posix_spawn_file_actions_addclosefrom_np(actions, 3);
        if (cwd != null) {
          Calls.posix_spawn_file_actions_addchdir_np(actions, cwdAt);
        }
        int error = Calls.posix_spawn(pid, pathAt, actions, Shared.ATTR, argvAt, envp);
        if (error == ENOEXEC) {
          error = shell(file, argv, pid, actions, envp);
        }
        if (error != 0) {
          Calls.close(output[0]);
          if (input != null) {
            Calls.close(input[1]);
          }
          throw new IOException("error=" + error + ", " + libc.strerror(error));
        }
        int started = image.memory.getInt(pid - image.base);
        return new SpawnedProcess(
            libc, started, pidfd ? pidfd(started) : -1, output[0], input == null ? -1 : input[1]);
      } finally {
        Calls.posix_spawn_file_actions_destroy(actions);
      }
    } finally {
      image.release();
      // The child's ends: it holds its own copies now.
      Calls.close(output[1]);
      if (input != null) {
        Calls.close(input[0]);
      }
    }
  }

  /** A script without a #! line: execvp(3), which setsid used, hands it to the shell. */
  private static int shell(String file, List<String> argv, long pid, long actions, long envp) {
    List<String> shell = new ArrayList<>(List.of("/bin/sh", file));
    shell.addAll(argv.subList(1, argv.size()));
    List<byte[]> arguments = encoded(shell);
    byte[] sh = cString("/bin/sh");
    // Not the thread's kept image: the environment it passes is in that one.
    Image image = new Image((int) (Image.size(sh) + Image.size(arguments)), false);
    try {
      long shAt = image.string(sh);
      long argvAt = image.strings(arguments, new long[0]);
      image.write();
      return Calls.posix_spawn(pid, shAt, actions, Shared.ATTR, argvAt, envp);
    } finally {
      image.release();
    }
  }

  /** The addresses of the reactor's own variables that {@code overrides} leaves as they are. */
  private static long[] inherited(Map<String, String> overrides) {
    long[] kept = new long[Shared.NAMES.length];
    int n = 0;
    for (int i = 0; i < Shared.NAMES.length; i++) {
      if (!overrides.containsKey(Shared.NAMES[i])) {
        kept[n++] = Shared.VARIABLES[i];
      }
    }
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }

  private static int[] pipe(LibC libc) throws IOException {
    int[] fds = new int[2];
    try {
      Calls.pipe2(fds, O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("pipe2: " + libc.strerror(e.getErrorCode()), e);
    }
    return fds;
  }

  private static int[] pipeOrClose(LibC libc, int[] other) throws IOException {
    try {
      return pipe(libc);
    } catch (IOException e) {
      Calls.close(other[0]);
      Calls.close(other[1]);
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
   * One native allocation for all a spawn needs, its content laid out in a Java array and copied in
   * with one call: JNA allocates each string of a StringArray apart (a cost per environment
   * variable on every command's path), and each write to native memory is a call of its own. Each
   * thread keeps its image for its next spawn (a lane's worker spawns one command after another):
   * no allocation, native or Java, per command. posix_spawn returns once the child has exec'd or
   * failed, so the image is free again when it returns.
   */
  private static final class Image {
    /** The largest image a thread keeps: a larger one (long arguments) is one command's alone. */
    private static final int KEPT_BYTES = 64 * 1024;

    private static final ThreadLocal<Image> KEPT = new ThreadLocal<>();

    final Memory memory;
    final long base;
    private final ByteBuffer bytes;
    private final boolean kept;
    private int used;

    Image(int size, boolean kept) {
      memory = new Memory(size);
      base = Pointer.nativeValue(memory);
      bytes = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
      this.kept = kept;
    }

    /** An image of at least {@code size} bytes of zeros: the thread's kept one when it fits. */
    static Image of(int size) {
      if (size > KEPT_BYTES) {
        return new Image(size, false);
      }
      Image image = KEPT.get();
      if (image != null && image.bytes.capacity() >= size) {
        Arrays.fill(image.bytes.array(), 0, image.used, (byte) 0);
        image.used = 0;
        return image;
      }
      if (image != null) {
        image.memory.close();
      }
      image =
          new Image(Math.min(KEPT_BYTES, Math.max(4096, Integer.highestOneBit(size) << 1)), true);
      KEPT.set(image);
      return image;
    }

    /** Done with: a command's own image is freed, a kept one waits for the thread's next spawn. */
    void release() {
      if (!kept) {
        memory.close();
      }
    }

    /** Bytes a C string takes here, aligned for what comes after it. */
    static long size(byte[] string) {
      return (string.length + 7L) & ~7L;
    }

    /** Bytes a NULL-terminated array of C strings and the strings take here. */
    static long size(List<byte[]> strings) {
      long size = (strings.size() + 1L) * Long.BYTES;
      for (byte[] string : strings) {
        size += size(string);
      }
      return size;
    }

    /** The address of {@code n} bytes of zeros, aligned. */
    long take(long n) {
      long at = base + used;
      used += (int) ((n + 7L) & ~7L);
      return at;
    }

    long string(byte[] string) {
      long at = take(string.length);
      bytes.put((int) (at - base), string);
      return at;
    }

    /** A NULL-terminated array: the addresses in {@code before}, then those of {@code strings}. */
    long strings(List<byte[]> strings, long[] before) {
      long table = take((before.length + strings.size() + 1L) * Long.BYTES);
      int slot = (int) (table - base);
      for (long address : before) {
        bytes.putLong(slot, address);
        slot += Long.BYTES;
      }
      for (byte[] string : strings) {
        bytes.putLong(slot, string(string));
        slot += Long.BYTES;
      }
      return table;
    }

    void write() {
      memory.write(0, bytes.array(), 0, used);
    }
  }
}
