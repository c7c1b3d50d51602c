package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.lint.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThisMachineTest {

  @TempDir Path dir;

  private ThisMachine nobody() {
    // A user that owns nothing here and is in no group: only the "other" bits count.
    return new ThisMachine("nobody", 65534, Set.of(65534), dir + "/empty:" + dir + "/bin");
  }

  private Path file(String name, String mode) throws Exception {
    Files.createDirectories(dir.resolve("bin"));
    Path file = Files.writeString(dir.resolve("bin").resolve(name), "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void findsAnExecutableOnItsPath() throws Exception {
    Path tool = file("tool", "rwxr-xr-x");

    assertThat(nobody().command("tool")).isEqualTo(new Host.Command.Executable(tool.toString()));
  }

  @Test
  void aFileOnlyItsOwnerMayRunIsNotExecutableForAnother() throws Exception {
    Path tool = file("tool", "rwxr--r--");

    assertThat(nobody().command("tool"))
        .isEqualTo(new Host.Command.NotExecutable(tool.toString(), "nobody"));
  }

  @Test
  void aMissingCommandNamesThePathSearched() {
    assertThat(nobody().command("no-such-tool").problem())
        .contains("not found on the PATH of user nobody (" + dir + "/empty:" + dir + "/bin)");
  }

  @Test
  void theLastUserOfTheUnitAndItsDropInsWins() throws Exception {
    Path unit = Files.writeString(dir.resolve("u.service"), "[Service]\nUser=reactor\n");
    Path root = Files.writeString(dir.resolve("10-root.conf"), "[Service]\nUser=root\n");
    Path other = Files.writeString(dir.resolve("20-other.conf"), "[Service]\nGroup=x\n");

    assertThat(ThisMachine.unitUser(List.of(unit, other))).contains("reactor");
    assertThat(ThisMachine.unitUser(List.of(unit, root, other))).contains("root");
    assertThat(ThisMachine.unitUser(List.of(other))).isEmpty();
  }

  @Test
  void theLastNoNewPrivilegesOfTheUnitAndItsDropInsWins() throws Exception {
    Path unit = Files.writeString(dir.resolve("u.service"), "[Service]\nNoNewPrivileges=yes\n");
    Path dropIn = Files.writeString(dir.resolve("10-off.conf"), "[Service]\nNoNewPrivileges=no\n");
    Path other = Files.writeString(dir.resolve("20-other.conf"), "[Service]\nUser=x\n");

    assertThat(ThisMachine.noNewPrivileges(List.of(unit, other))).contains(unit.toString());
    assertThat(ThisMachine.noNewPrivileges(List.of(unit, dropIn, other))).isEmpty();
  }

  @Test
  void anotherUserIsLookedUpWithSystemdsPath() throws Exception {
    ThisMachine root = ThisMachine.as("root");

    assertThat(root.root()).isTrue();
    assertThat(root.command("sh")).isInstanceOf(Host.Command.Executable.class);
    assertThat(root.command("no-such-tool").problem().orElseThrow())
        .endsWith("(" + ThisMachine.SERVICE_PATH + ")");
    assertThat(ThisMachine.as("nobody").root()).isFalse();
  }

  @Test
  void anUnknownUserIsAnError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ThisMachine.as("no-such-user-" + System.nanoTime()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cannot look up user no-such-user-");
  }
}
