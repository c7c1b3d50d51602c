import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spawn to exec, measured: the time from just before a spawn to the moment the command runs (the
 * static C stamp writes its CLOCK_REALTIME), then read its output to the end and wait for it, as
 * the process adapter does. Contenders, interleaved in rounds so that they share the machine's
 * load: the JDK's VFORK spawn through util-linux setsid (the adapter today), the same without
 * setsid, posix_spawnp through JNA with POSIX_SPAWN_SETSID and the same pipes (what could replace
 * both), and Python's subprocess.run (the loop we are compared with). Usage: java -cp JAR
 * -Djdk.lang.Process.launchMechanism=VFORK bench/SpawnBench.java STAMP ROUNDS PER_ROUND.
 */
public class SpawnBench {

  /** glibc's (x86_64 and aarch64): the sizes of its opaque types, rounded up generously. */
  interface LibC extends Library {
    int posix_spawnp(
        IntByReference pid,
        String file,
        Pointer fileActions,
        Pointer attr,
        StringArray argv,
        StringArray envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(
        Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_destroy(Pointer attr);

    int pipe2(int[] fds, int flags);

    NativeLong read(int fd, byte[] buffer, NativeLong count);

    int close(int fd);

    int waitpid(int pid, IntByReference status, int options);
  }

  static final LibC C = Native.load("c", LibC.class);
  static final short POSIX_SPAWN_SETSID = 0x80;
  static final int O_CLOEXEC = 02000000;

  public static void main(String[] args) throws Exception {
    String stamp = args[0];
    int rounds = Integer.parseInt(args[1]);
    int perRound = Integer.parseInt(args[2]);
    Path dir = Files.createTempDirectory("spawnbench");
    String setsid = new File("/usr/bin/setsid").canExecute() ? "/usr/bin/setsid" : "/bin/setsid";
    Map<String, List<Long>> results = new LinkedHashMap<>();
    String[] names = {"jdk+setsid", "jdk", "jna posix_spawnp+SETSID", "python subprocess.run"};
    for (String name : names) {
      results.put(name, new ArrayList<>());
    }
    String[] env =
        System.getenv().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    for (int round = -1; round < rounds; round++) {
      for (String name : names) {
        Path file = dir.resolve(name.replace(' ', '_') + round);
        List<Long> starts = new ArrayList<>();
        if (name.startsWith("python")) {
          starts = python(stamp, file, perRound);
        } else {
          for (int i = 0; i < perRound; i++) {
            long start = nowNanos();
            if (name.equals("jdk+setsid")) {
              jdk(List.of(setsid, stamp, file.toString(), "0"));
            } else if (name.equals("jdk")) {
              jdk(List.of(stamp, file.toString(), "0"));
            } else {
              jna(new String[] {stamp, file.toString(), "0"}, env);
            }
            starts.add(start);
          }
        }
        List<String> stamped = Files.readAllLines(file);
        if (round >= 0) {
          for (int i = 0; i < perRound; i++) {
            long at = Long.parseLong(stamped.get(i).split(" ")[0]);
            results.get(name).add(at - starts.get(i));
          }
        }
      }
    }
    for (Map.Entry<String, List<Long>> e : results.entrySet()) {
      long[] sorted = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          "{\"contender\": \"%s\", \"n\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f}%n",
          e.getKey(),
          sorted.length,
          sorted[sorted.length / 2] / 1e6,
          sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
  }

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static void jdk(List<String> argv) throws Exception {
    Process process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(new File("/dev/null"))
            .start();
    process.getInputStream().readAllBytes();
    process.waitFor();
  }

  static void jna(String[] argv, String[] env) {
    int[] pipe = new int[2];
    if (C.pipe2(pipe, O_CLOEXEC) != 0) {
      throw new IllegalStateException("pipe2");
    }
    Memory actions = new Memory(256);
    Memory attr = new Memory(512);
    C.posix_spawn_file_actions_init(actions);
    C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", 0, 0);
    C.posix_spawn_file_actions_adddup2(actions, pipe[1], 1);
    C.posix_spawn_file_actions_adddup2(actions, pipe[1], 2);
    C.posix_spawnattr_init(attr);
    C.posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSID);
    IntByReference pid = new IntByReference();
    int error =
        C.posix_spawnp(
            pid,
            argv[0],
            actions,
            attr,
            new StringArray(Arrays.copyOf(argv, argv.length + 1), "UTF-8"),
            new StringArray(Arrays.copyOf(env, env.length + 1), "UTF-8"));
    C.posix_spawn_file_actions_destroy(actions);
    C.posix_spawnattr_destroy(attr);
    C.close(pipe[1]);
    if (error != 0) {
      throw new IllegalStateException("posix_spawnp: " + error);
    }
    byte[] buffer = new byte[8192];
    while (C.read(pipe[0], buffer, new NativeLong(buffer.length)).longValue() > 0) {
      // drained
    }
    C.close(pipe[0]);
    C.waitpid(pid.getValue(), new IntByReference(), 0);
  }

  static List<Long> python(String stamp, Path file, int n) throws Exception {
    String script =
        "import subprocess,sys,time\n"
            + "for i in range(int(sys.argv[3])):\n"
            + "    t=time.time_ns()\n"
            + "    subprocess.run([sys.argv[1],sys.argv[2],'0'],stdin=subprocess.DEVNULL,"
            + "stdout=subprocess.PIPE,stderr=subprocess.STDOUT)\n"
            + "    print(t)\n";
    Process process =
        new ProcessBuilder("python3", "-c", script, stamp, file.toString(), Integer.toString(n))
            .redirectErrorStream(true)
            .start();
    List<Long> starts = new ArrayList<>();
    for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
      starts.add(Long.parseLong(line.strip()));
    }
    process.waitFor();
    return starts;
  }
}
