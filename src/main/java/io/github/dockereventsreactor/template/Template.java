package io.github.dockereventsreactor.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One string of the rules file with its {@code %%placeholders%%}, parsed once at load. */
public record Template(String source, List<Segment> segments) {

  // A placeholder name never holds '%', '|' or whitespace, so "100%% sure" stays literal text;
  // what follows a '|' is the default value.
  private static final Pattern PLACEHOLDER = Pattern.compile("%%([^%|\\s]+)(?:\\|([^%]*))?%%");

  /** The default key of debounce and throttle. */
  public static final Template ACTOR_ID =
      new Template(
          "%%actor.id%%", List.of(new Segment.Slot(Placeholder.named("actor.id").orElseThrow())));

  public Template {
    segments = List.copyOf(segments);
  }

  public static Template parse(String source) throws UnknownPlaceholderException {
    List<Segment> segments = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(source);
    int literalStart = 0;
    while (m.find()) {
      Optional<Placeholder> placeholder = Placeholder.named(m.group(1));
      if (placeholder.isEmpty()) {
        throw new UnknownPlaceholderException(m.group(1), m.start());
      }
      if (m.group(2) != null) {
        placeholder = Optional.of(new Placeholder.WithDefault(placeholder.get(), m.group(2)));
      }
      if (m.start() > literalStart) {
        segments.add(new Segment.Literal(source.substring(literalStart, m.start())));
      }
      segments.add(new Segment.Slot(placeholder.get()));
      literalStart = m.end();
    }
    if (literalStart < source.length()) {
      segments.add(new Segment.Literal(source.substring(literalStart)));
    }
    return new Template(source, segments);
  }

  /**
   * This template with every placeholder's value escaped by {@code escape}: a NATS subject takes
   * each value as one token.
   */
  public Template escaped(Escape escape) {
    return new Template(source, segments.stream().map(s -> s.escaped(escape)).toList());
  }

  /** The placeholders, in order. */
  public List<Placeholder> placeholders() {
    return segments.stream().flatMap(s -> s.asPlaceholder().stream()).toList();
  }

  /**
   * A URL template: each placeholder's value is percent-encoded for the part of the URL it lands in
   * (a path segment, a query value, the fragment), so a value changes neither the path's shape nor
   * the query's; a placeholder in the scheme, host or port is refused, so no value decides where
   * the request goes.
   */
  public static Template parseUrl(String source) throws TemplateException {
    List<Segment> segments = new ArrayList<>();
    StringBuilder literals = new StringBuilder();
    int offset = 0;
    for (Segment segment : parse(source).segments()) {
      Optional<Placeholder> slot = segment.asPlaceholder();
      if (slot.isEmpty()) {
        String text = segment.textOr("");
        literals.append(text);
        offset += text.length();
        segments.add(segment);
        continue;
      }
      Placeholder placeholder = slot.get();
      Escape escape = urlPart(literals);
      if (escape == Escape.NONE) {
        throw new TemplateException(
            "a placeholder in a webhook url may not be in the scheme, host or port: %%"
                + placeholder.name()
                + "%% could send the request anywhere (placeholders go in the path or the query,"
                + " where they are percent-encoded)",
            offset);
      }
      segments.add(new Segment.Slot(placeholder, escape));
      offset += placeholder.name().length() + 4;
    }
    return new Template(source, segments);
  }

  /** Where text appended to this URL prefix lands; NONE for the scheme or the authority. */
  private static Escape urlPart(CharSequence prefix) {
    String text = prefix.toString();
    int scheme = text.indexOf("://");
    if (scheme < 0) {
      return Escape.NONE;
    }
    int authorityEnd = scheme + 3;
    while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    if (authorityEnd == text.length()) {
      return Escape.NONE;
    }
    String rest = text.substring(authorityEnd);
    return rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0
        ? Escape.QUERY_VALUE
        : Escape.PATH_SEGMENT;
  }

  /**
   * True when every placeholder comes from the event itself: rendering it never calls the engine.
   */
  public boolean eventOnly() {
    return segments.stream()
        .allMatch(s -> s.asPlaceholder().map(Placeholder::fromEvent).orElse(true));
  }

  /** The text with every placeholder replaced, or the first placeholder that has no value. */
  public Lookup render(EventContext context) {
    if (segments.size() == 1 && segments.get(0).asPlaceholder().isEmpty()) {
      return Lookup.found(source);
    }
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      Optional<String> missing = segment.appendTo(out, context);
      if (missing.isPresent()) {
        return Lookup.missing(missing.get());
      }
    }
    return Lookup.found(out.toString());
  }
}
