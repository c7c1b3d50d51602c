package io.github.dockereventsreactor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultRulesTest {

  @TempDir Path dir;

  @Test
  void theUsersFileIsUnderXdgConfigHomeElseUnderHomeDotConfig() {
    assertThat(new DefaultRules(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")).user())
        .contains(Path.of("/x/docker-events-reactor/reactor.yml"));
    assertThat(new DefaultRules(Map.of("XDG_CONFIG_HOME", "", "HOME", "/h")).user())
        .contains(Path.of("/h/.config/docker-events-reactor/reactor.yml"));
    assertThat(new DefaultRules(Map.of()).user()).isEmpty();
  }

  @Test
  void theUsersFileIsFoundWhenItExists() throws Exception {
    Path file = dir.resolve("docker-events-reactor/reactor.yml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "events_reactor: {}\n");

    assertThat(new DefaultRules(Map.of("XDG_CONFIG_HOME", dir.toString())).find()).contains(file);
  }

  @Test
  void withoutAnyFileTheNoticeSaysWhereRulesGo() {
    DefaultRules defaults = new DefaultRules(Map.of("XDG_CONFIG_HOME", dir.toString()));

    assertThat(defaults.notice())
        .startsWith(
            "no rules file (-c FILE, "
                + dir
                + "/docker-events-reactor/reactor.yml nor"
                + " /etc/docker-events-reactor/reactor.yml): logging every event, one line each;"
                + " write your rules to "
                + dir
                + "/docker-events-reactor/reactor.yml");
  }
}
