package io.github.dockereventsreactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dependency rule: the pure core imports no adapter, no I/O framework, nothing above it. */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/io/github/dockereventsreactor");
  private static final String BASE = "io.github.dockereventsreactor.";

  /** Each core package and the project packages it may import. */
  private static final Map<String, List<String>> CORE =
      Map.of(
          "event", List.of(),
          "match", List.of("event"),
          "template", List.of("event"),
          "rules", List.of("event", "match", "template"),
          "core", List.of("event", "match", "template", "rules"),
          "lint", List.of("event", "match", "template", "rules"));

  private static final List<String> FORBIDDEN_IN_CORE =
      List.of(
          "com.github.dockerjava",
          "picocli",
          "io.prometheus",
          "java.net.http",
          "java.lang.ProcessBuilder",
          "sun.misc");

  @Test
  void theCoreImportsNeitherAdaptersNorTheirLibraries() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, List<String>> pkg : CORE.entrySet()) {
      for (Path file : javaFiles(MAIN.resolve(pkg.getKey()))) {
        String source = Files.readString(file);
        for (String line :
            source.lines().filter(l -> l.startsWith("import ")).collect(Collectors.toList())) {
          String imported = line.substring("import ".length()).replace("static ", "");
          if (imported.startsWith(BASE)) {
            String target = imported.substring(BASE.length()).split("\\.")[0];
            if (!target.equals(pkg.getKey()) && !pkg.getValue().contains(target)) {
              violations.add(file + ": " + line);
            }
          }
          FORBIDDEN_IN_CORE.stream()
              .filter(imported::startsWith)
              .forEach(f -> violations.add(file + ": " + line));
        }
        if (source.contains("new ProcessBuilder") || source.contains("HttpClient")) {
          violations.add(file + ": spawns processes or does HTTP");
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void adaptersDoNotDependOnTheCommandLine() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String adapter : List.of("docker", "process")) {
      for (Path file : javaFiles(MAIN.resolve(adapter))) {
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("import " + BASE + "cli") || l.startsWith("import picocli"))
            .forEach(l -> violations.add(file + ": " + l));
      }
    }
    assertThat(violations).isEmpty();
  }

  private static final List<String> ADAPTERS =
      List.of("docker", "process", "http", "metrics", "state", "nats", "systemd", "control");

  /** Adapters meet only in daemon: none imports another, the daemon or cli. */
  @Test
  void adaptersImportNeitherEachOtherNorTheCommandLine() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String adapter : ADAPTERS) {
      List<Path> files = javaFiles(MAIN.resolve(adapter));
      assertThat(files).as(adapter).isNotEmpty();
      for (Path file : files) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ")) {
            String imported = line.substring("import ".length()).replace("static ", "");
            String target =
                imported.startsWith(BASE) ? imported.substring(BASE.length()).split("\\.")[0] : "";
            if (!target.equals(adapter)
                && (target.equals("cli") || target.equals("daemon") || ADAPTERS.contains(target))) {
              violations.add(file + ": " + line);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /**
   * The daemon's wiring and the rule tests know nothing of the command line: options come to them
   * as values.
   */
  @Test
  void theDaemonAndTheRuleTestsDoNotDependOnTheCommandLine() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> files = new ArrayList<>(javaFiles(MAIN.resolve("daemon")));
    files.addAll(javaFiles(MAIN.resolve("ruletest")));
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Files.readAllLines(file).stream()
          .filter(l -> l.startsWith("import " + BASE + "cli") || l.startsWith("import picocli"))
          .forEach(l -> violations.add(file + ": " + l));
    }
    assertThat(violations).isEmpty();
  }

  private static final Pattern INTERNAL_JDK =
      Pattern.compile("(?<![\\w.\"])(sun|jdk\\.internal)\\.");

  /**
   * sun.misc.Signal's compiler warning is off for the whole build, so one class alone may use it (a
   * property name in a string, such as the JDK HTTP server's sun.net.httpserver.*, is no use of a
   * class).
   */
  @Test
  void onlyTheSignalHandlersNameInternalJdkClasses() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles(MAIN)) {
      if (INTERNAL_JDK.matcher(Files.readString(file)).find()
          && !file.endsWith("daemon/Signals.java")) {
        violations.add(file.toString());
      }
    }
    assertThat(violations).isEmpty();
  }

  /** Matching runs on the reading thread: java.util.regex backtracks, RE2/J and globs do not. */
  @Test
  void matchingNeverUsesABacktrackingRegexEngine() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles(MAIN.resolve("match"))) {
      Files.readAllLines(file).stream()
          .filter(l -> l.startsWith("import java.util.regex"))
          .forEach(l -> violations.add(file + ": " + l));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theSystemdAdapterImportsNoOtherAdapter() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles(MAIN.resolve("systemd"))) {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("import ")) {
          String imported = line.substring("import ".length()).replace("static ", "");
          boolean project = imported.startsWith(BASE);
          String target = project ? imported.substring(BASE.length()).split("\\.")[0] : "";
          if ((project && !target.equals("systemd") && !CORE.containsKey(target))
              || imported.startsWith("picocli")
              || imported.startsWith("com.github.dockerjava")) {
            violations.add(file + ": " + line);
          }
        }
      }
    }
    assertThat(javaFiles(MAIN.resolve("systemd"))).isNotEmpty();
    assertThat(violations).isEmpty();
  }

  /** tls is a library the adapters share (docker and nats read PEM files alike): a leaf. */
  @Test
  void theTlsLibraryImportsNoProjectPackage() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : javaFiles(MAIN.resolve("tls"))) {
      Files.readAllLines(file).stream()
          .filter(l -> l.startsWith("import " + BASE) || l.startsWith("import static " + BASE))
          .forEach(l -> violations.add(file + ": " + l));
    }
    assertThat(javaFiles(MAIN.resolve("tls"))).isNotEmpty();
    assertThat(violations).isEmpty();
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
    }
  }
}
