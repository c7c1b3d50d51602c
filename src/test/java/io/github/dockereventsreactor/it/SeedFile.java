package io.github.dockereventsreactor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's rules file (examples/reactor.yml) with its Sentry container named for one test. */
final class SeedFile {

  private SeedFile() {}

  /** Writes it to {@code dir/rules.yml}, with {@code reactorBlock} appended. */
  static Path write(Path dir, String sentryName, String reactorBlock) throws IOException {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        Files.readString(Path.of("examples/reactor.yml"))
                .replace("name: sentry_web", "name: " + sentryName)
            + reactorBlock);
    return rules;
  }
}
