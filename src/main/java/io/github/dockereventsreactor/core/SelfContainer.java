package io.github.dockereventsreactor.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reactor's own container, when it runs in one, from what the kernel shows the process: a
 * {@code container:} action never acts on it (a restart of itself would end the action half-way,
 * and a selector that matches its own stack would stop it). Pure: the texts of {@code
 * /proc/self/mountinfo}, {@code /proc/self/cgroup} and the host name come in.
 */
public final class SelfContainer {

  // Docker and Podman bind-mount the container's own hostname, hosts and resolv.conf from its
  // directory, named by its ID: /var/lib/docker/containers/ID/… or …/overlay-containers/ID/….
  private static final Pattern MOUNTED =
      Pattern.compile("containers/([0-9a-f]{64})/(?:userdata/)?(?:hostname|hosts|resolv\\.conf)");
  // cgroup v1, and v2 without a cgroup namespace: /docker/ID, docker-ID.scope, libpod-ID.scope.
  private static final Pattern CGROUP = Pattern.compile("(?:docker|libpod)[-/]([0-9a-f]{64})");
  // Docker's default host name is the short ID.
  private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{12}");

  private SelfContainer() {}

  /**
   * The container's ID, or the 12-character prefix its default host name gives; empty outside a
   * container (or one whose ID none of these show).
   */
  public static Optional<String> find(String mountinfo, String cgroup, String hostname) {
    for (String line : mountinfo.split("\n")) {
      String[] fields = line.split(" ");
      // Field 4 is the mount's root in its file system, field 5 where it is mounted.
      if (fields.length > 4 && fields[4].startsWith("/etc/")) {
        Matcher m = MOUNTED.matcher(fields[3]);
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
    }
    Matcher m = CGROUP.matcher(cgroup);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    String name = hostname.strip();
    return SHORT_ID.matcher(name).matches() ? Optional.of(name) : Optional.empty();
  }

  /** True when the container of this full ID is the one {@code self} names (ID or prefix). */
  public static boolean is(Optional<String> self, String id) {
    return self.isPresent() && !id.isEmpty() && id.startsWith(self.get());
  }
}
