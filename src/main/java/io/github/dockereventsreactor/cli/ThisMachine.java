package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.lint.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This machine as the daemon will see it, for {@code check}'s warnings: its user (this process's,
 * or another's for {@code --as}), the commands that user can run, and the systemd unit's {@code
 * NoNewPrivileges=}.
 */
final class ThisMachine implements Host {

  /** systemd's PATH for services: what the daemon searches under its unit. */
  static final String SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final String UNIT = "docker-events-reactor.service";
  private static final List<Path> UNIT_DIRS =
      List.of(
          Path.of("/etc/systemd/system"),
          Path.of("/run/systemd/system"),
          Path.of("/usr/lib/systemd/system"),
          Path.of("/lib/systemd/system"));

  private final String user;
  private final int uid;
  private final Set<Integer> groups;
  private final String path;
  private final Optional<String> unitUser;

  ThisMachine(String user, int uid, Set<Integer> groups, String path) {
    this(user, uid, groups, path, Optional.empty());
  }

  private ThisMachine(
      String user, int uid, Set<Integer> groups, String path, Optional<String> unitUser) {
    this.user = user;
    this.uid = uid;
    this.groups = Set.copyOf(groups);
    this.path = path;
    this.unitUser = unitUser;
  }

  /** This process's user and PATH. */
  static ThisMachine current() throws IOException {
    Set<Integer> groups = new HashSet<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Groups:") || line.startsWith("Gid:")) {
        for (String id : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
          if (!id.isEmpty()) {
            groups.add(Integer.parseInt(id));
          }
        }
      }
    }
    return new ThisMachine(
        System.getProperty("user.name"),
        (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
        groups,
        Optional.ofNullable(System.getenv("PATH")).orElse(SERVICE_PATH),
        unitUser(unitFiles()));
  }

  /** Another user, as systemd runs the daemon for it: with the service PATH. */
  static ThisMachine as(String user) throws IOException {
    String uid = id("-u", user);
    Set<Integer> groups =
        Stream.of(id("-G", user).split("\\s+")).map(Integer::parseInt).collect(Collectors.toSet());
    return new ThisMachine(user, Integer.parseInt(uid), groups, SERVICE_PATH);
  }

  private static String id(String option, String user) throws IOException {
    Process process =
        new ProcessBuilder("id", option, "--", user).redirectErrorStream(true).start();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("cannot look up user " + user + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public boolean root() {
    return uid == 0;
  }

  @Override
  public Optional<String> unitUser() {
    return unitUser;
  }

  @Override
  public Optional<String> noNewPrivileges() {
    try {
      if (Files.readAllLines(Path.of("/proc/self/status")).contains("NoNewPrivs:\t1")) {
        return Optional.of("this process runs with no_new_privs");
      }
    } catch (IOException e) {
      // Not Linux's /proc: only the unit can say.
    }
    return noNewPrivileges(unitFiles());
  }

  /** The unit file that systemd uses (the first directory wins), then its drop-ins by name. */
  private static List<Path> unitFiles() {
    List<Path> files = new ArrayList<>();
    UNIT_DIRS.stream()
        .map(d -> d.resolve(UNIT))
        .filter(Files::isRegularFile)
        .findFirst()
        .ifPresent(files::add);
    List<Path> dropIns = new ArrayList<>();
    for (Path dir : UNIT_DIRS) {
      try (Stream<Path> confs = Files.list(dir.resolve(UNIT + ".d"))) {
        confs.filter(f -> f.toString().endsWith(".conf")).forEach(dropIns::add);
      } catch (IOException e) {
        // No drop-in directory there.
      }
    }
    dropIns.sort((a, b) -> a.getFileName().compareTo(b.getFileName()));
    files.addAll(dropIns);
    return files;
  }

  /**
   * The file whose {@code NoNewPrivileges=} is in force (the last that sets it), if it says yes.
   */
  static Optional<String> noNewPrivileges(List<Path> files) {
    Optional<String> on = Optional.empty();
    for (Path file : files) {
      Optional<Boolean> set = setting(file);
      if (set.isPresent()) {
        on = set.get() ? Optional.of(file.toString()) : Optional.empty();
      }
    }
    return on;
  }

  /** The unit's {@code User=} in force (the last that sets it); empty when none does. */
  static Optional<String> unitUser(List<Path> files) {
    Optional<String> user = Optional.empty();
    for (Path file : files) {
      try {
        for (String line : Files.readAllLines(file)) {
          String trimmed = line.strip();
          if (trimmed.startsWith("User=")) {
            String value = trimmed.substring("User=".length()).strip();
            // An empty User= resets it: systemd's default, root.
            user = Optional.of(value.isEmpty() ? "root" : value);
          }
        }
      } catch (IOException e) {
        // An unreadable unit says nothing.
      }
    }
    return user;
  }

  private static Optional<Boolean> setting(Path file) {
    Optional<Boolean> value = Optional.empty();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (trimmed.startsWith("NoNewPrivileges=")) {
          String v =
              trimmed
                  .substring("NoNewPrivileges=".length())
                  .strip()
                  .toLowerCase(java.util.Locale.ROOT);
          value = Optional.of(List.of("yes", "true", "1", "on").contains(v));
        }
      }
    } catch (IOException e) {
      // An unreadable unit says nothing.
    }
    return value;
  }

  @Override
  public Command command(String name) {
    if (name.contains("/")) {
      Path file = Path.of(name);
      if (!Files.isRegularFile(file)) {
        return new Command.NotFound("at " + name);
      }
      return executable(file)
          ? new Command.Executable(name)
          : new Command.NotExecutable(name, user);
    }
    Path refused = null;
    for (String dir : path.split(":")) {
      Path file = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(file)) {
        if (executable(file)) {
          return new Command.Executable(file.toString());
        }
        refused = refused == null ? file : refused;
      }
    }
    return refused != null
        ? new Command.NotExecutable(refused.toString(), user)
        : new Command.NotFound("on the PATH of user " + user + " (" + path + ")");
  }

  /** The permission bits as the kernel reads them for this user: root needs any x bit. */
  private boolean executable(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      int owner = (Integer) Files.getAttribute(file, "unix:uid");
      int group = (Integer) Files.getAttribute(file, "unix:gid");
      if (uid == 0) {
        return (mode & 0111) != 0;
      }
      if (uid == owner) {
        return (mode & 0100) != 0;
      }
      return groups.contains(group) ? (mode & 0010) != 0 : (mode & 0001) != 0;
    } catch (IOException | UnsupportedOperationException e) {
      return Files.isExecutable(file);
    }
  }
}
