package io.github.dockereventsreactor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each bug of {@code scripts/mutants/} can still be put back: {@code scripts/simulate-mutants}
 * takes the fix out with {@code git apply -R}, and a change around a fixed bug would otherwise
 * leave its mutant unrunnable without a word until someone runs the script.
 */
class MutantPatchesTest {

  private static final Path MUTANTS = Path.of("scripts", "mutants");

  @Test
  void everyMutantStillAppliesToTheCode() throws Exception {
    // A worktree's .git is a file naming the repository; a source archive has none.
    assumeTrue(Files.exists(Path.of(".git")), "a git checkout (not a source archive)");
    List<Path> patches;
    try (Stream<Path> files = Files.list(MUTANTS)) {
      patches = files.filter(f -> f.toString().endsWith(".patch")).sorted().toList();
    }
    assertThat(patches).hasSizeGreaterThanOrEqualTo(6);
    for (Path patch : patches) {
      assertThat(applies(patch)).as(patch.toString()).isEmpty();
    }
  }

  /** What {@code git apply -R --check} said when it refused, empty when the patch applies. */
  private static String applies(Path patch) throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "apply", "-R", "--check", patch.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(60, TimeUnit.SECONDS)).as("git apply answered").isTrue();
    return git.exitValue() == 0 ? "" : said;
  }
}
