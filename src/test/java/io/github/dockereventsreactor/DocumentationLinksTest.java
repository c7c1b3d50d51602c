package io.github.dockereventsreactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md names a file that exists, and every anchor a
 * heading of its page, under GitHub's rules for heading anchors: pages move and headings get
 * renamed, and a reader who follows a dead link from the front door is lost.
 */
class DocumentationLinksTest {

  private static final Pattern INLINE_LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)", Pattern.MULTILINE);
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern EXPLICIT_ANCHOR =
      Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = proseLines(Files.readString(page));
      for (int i = 0; i < lines.size(); i++) {
        for (String target : targets(lines.get(i))) {
          String problem = problem(page, target);
          if (problem != null) {
            broken.add(page + ":" + (i + 1) + ": " + target + ": " + problem);
          }
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void anchorsFollowGitHubsSlugRules() {
    assertThat(slug("Working from source: the two commands"))
        .isEqualTo("working-from-source-the-two-commands");
    assertThat(slug("Actions: `run:`, `webhook:` and `nats:`"))
        .isEqualTo("actions-run-webhook-and-nats");
    assertThat(slug("Match keys (under `event:`)")).isEqualTo("match-keys-under-event");
    assertThat(slug("Docker 25 to 29")).isEqualTo("docker-25-to-29");
    assertThat(slug("The journal: our segments beside Tape's QueueFile and SQLite"))
        .isEqualTo("the-journal-our-segments-beside-tapes-queuefile-and-sqlite");
    assertThat(slug("Isolated p50: where the time goes, from the engine to the command"))
        .isEqualTo("isolated-p50-where-the-time-goes-from-the-engine-to-the-command");
    assertThat(slug("Engines: Docker 20.10–29 and [Podman](x.md)"))
        .isEqualTo("engines-docker-201029-and-podman");
    assertThat(slug("snake_case stays")).isEqualTo("snake_case-stays");
  }

  @Test
  void aRepeatedHeadingGetsANumberedAnchor() {
    assertThat(headingAnchors(List.of("# Results", "## Results", "## Results")))
        .containsExactlyInAnyOrder("results", "results-1", "results-2");
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(Path.of("README.md"));
    for (String extra : List.of("CONTRIBUTING.md")) {
      if (Files.exists(Path.of(extra))) {
        pages.add(Path.of(extra));
      }
    }
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The lines outside fenced code blocks, each without its code spans: code is not a link. */
  private static List<String> proseLines(String text) {
    List<String> lines = new ArrayList<>();
    String fence = null;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.stripLeading();
      if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
        fence = trimmed.substring(0, 3);
        lines.add("");
      } else if (fence != null) {
        if (trimmed.startsWith(fence)) {
          fence = null;
        }
        lines.add("");
      } else {
        lines.add(CODE_SPAN.matcher(line).replaceAll(""));
      }
    }
    return lines;
  }

  private static List<String> targets(String line) {
    List<String> targets = new ArrayList<>();
    for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION)) {
      Matcher m = pattern.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("<") && target.endsWith(">")) {
          target = target.substring(1, target.length() - 1);
        }
        if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) { // http:, https:, mailto:, file:
          targets.add(target);
        }
      }
    }
    return targets;
  }

  /** Why the link from {@code page} to {@code target} does not resolve, or null when it does. */
  private String problem(Path page, String target) {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path linked =
        file.isEmpty()
            ? page
            : page.toAbsolutePath()
                .getParent()
                .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8))
                .normalize();
    if (!Files.exists(linked)) {
      return "no such file " + linked;
    }
    if (anchor == null) {
      return null;
    }
    if (!linked.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> known = anchors.computeIfAbsent(linked.toAbsolutePath(), this::anchorsOf);
    String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8);
    return known.contains(wanted)
        ? null
        : "no heading with the anchor #" + wanted + " in " + linked;
  }

  private Set<String> anchorsOf(Path page) {
    try {
      String text = Files.readString(page);
      Set<String> found = headingAnchors(fencedOut(text));
      Matcher explicit = EXPLICIT_ANCHOR.matcher(text);
      while (explicit.find()) {
        found.add(explicit.group(1));
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fencedOut(String text) {
    List<String> lines = new ArrayList<>();
    boolean inFence = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.stripLeading();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        inFence = !inFence;
      } else if (!inFence) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** GitHub numbers a repeated anchor: the second "Results" is #results-1. */
  private static Set<String> headingAnchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : lines) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String base = slug(m.group(1));
        int n = seen.merge(base, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? base : base + "-" + n);
      }
    }
    return anchors;
  }

  /**
   * GitHub's anchor of a heading: its text as rendered (links by their text, no emphasis or code
   * marks), lower case, every character that is not a letter, digit, mark, space, hyphen or
   * underscore removed, each space a hyphen.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    text = text.replaceAll("<[^>]+>", "");
    text = text.toLowerCase(Locale.ROOT);
    text = text.replaceAll("[^\\p{L}\\p{M}\\p{Nd}\\p{Nl}\\p{Pc} -]", "");
    return text.replace(' ', '-');
  }
}
