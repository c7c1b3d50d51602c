package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the reactor knows its own container, from what the kernel shows it. */
class SelfContainerTest {

  private static final String ID =
      "4f1c2bd7e3a94c8e9d2b7a6f5e4d3c2b1a0f9e8d7c6b5a493827161504f3e2d1";

  @Test
  void dockerBindMountsTheContainersOwnHostnameFromItsDirectory() {
    String mountinfo =
        "612 590 0:56 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X\n"
            + "640 612 254:1 /var/lib/docker/containers/"
            + ID
            + "/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n";
    assertThat(SelfContainer.find(mountinfo, "0::/\n", "web")).contains(ID);
  }

  @Test
  void podmanBindMountsItFromItsUserdata() {
    String mountinfo =
        "700 650 0:60 /containers/storage/overlay-containers/"
            + ID
            + "/userdata/resolv.conf /etc/resolv.conf rw - tmpfs tmpfs rw\n";
    assertThat(SelfContainer.find(mountinfo, "", "")).contains(ID);
  }

  @Test
  void aBindMountOfTheEnginesDirectoryElsewhereIsNotTheReactorsOwn() {
    String mountinfo =
        "640 612 254:1 /var/lib/docker/containers/"
            + ID
            + "/hostname /srv/logs/hostname rw - ext4 /dev/vda1 rw\n";
    assertThat(
            SelfContainer.find(mountinfo, "0::/system.slice/docker-events-reactor.service", "host"))
        .isEmpty();
  }

  @Test
  void cgroupV1AndTheSystemdDriverNameTheContainer() {
    assertThat(SelfContainer.find("", "12:pids:/docker/" + ID + "\n", "")).contains(ID);
    assertThat(SelfContainer.find("", "0::/system.slice/docker-" + ID + ".scope\n", ""))
        .contains(ID);
    assertThat(SelfContainer.find("", "0::/machine.slice/libpod-" + ID + ".scope\n", ""))
        .contains(ID);
  }

  @Test
  void dockersDefaultHostNameIsTheShortIdAndMatchesAsAPrefix() {
    Optional<String> self = SelfContainer.find("", "0::/\n", ID.substring(0, 12) + "\n");
    assertThat(self).contains(ID.substring(0, 12));
    assertThat(SelfContainer.is(self, ID)).isTrue();
    assertThat(SelfContainer.is(self, "0" + ID.substring(1))).isFalse();
  }

  @Test
  void outsideAContainerThereIsNone() {
    assertThat(SelfContainer.find("", "0::/user.slice/session-1.scope\n", "build-host")).isEmpty();
    assertThat(SelfContainer.is(Optional.empty(), ID)).isFalse();
  }
}
