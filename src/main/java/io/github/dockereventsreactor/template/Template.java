package io.github.dockereventsreactor.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
          "%%actor.id%%",
          List.of(new Segment.Slot(Placeholder.named("actor.id").orElseThrow())));

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

  /** The placeholders, in order. */
  public List<Placeholder> placeholders() {
    return segments.stream()
        .filter(s -> s instanceof Segment.Slot)
        .map(s -> ((Segment.Slot) s).placeholder())
        .toList();
  }

  /** True when every placeholder comes from the event itself: rendering it never calls the engine. */
  public boolean eventOnly() {
    return segments.stream()
        .allMatch(s -> !(s instanceof Segment.Slot) || fromEvent(((Segment.Slot) s).placeholder()));
  }

  private static boolean fromEvent(Placeholder placeholder) {
    return placeholder instanceof Placeholder.FromEvent
        || (placeholder instanceof Placeholder.WithDefault
            && fromEvent(((Placeholder.WithDefault) placeholder).placeholder()));
  }

  /** The text with every placeholder replaced, or the first placeholder that has no value. */
  public Lookup render(EventContext context) {
    return render(context, UnaryOperator.identity());
  }

  /**
   * As {@link #render(EventContext)}, with each placeholder's value passed through {@code escape}
   * (the literal text is the rule author's and stays as written): where a value lands decides what
   * it may not contain.
   */
  public Lookup render(EventContext context, UnaryOperator<String> escape) {
    if (segments.size() == 1 && segments.get(0) instanceof Segment.Literal) {
      return Lookup.found(source);
    }
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      if (segment instanceof Segment.Literal) {
        out.append(((Segment.Literal) segment).text());
        continue;
      }
      Placeholder placeholder = ((Segment.Slot) segment).placeholder();
      Lookup value = placeholder.resolve(context);
      if (value instanceof Lookup.Missing) {
        return Lookup.missing(
            "%%" + placeholder.name() + "%%: " + ((Lookup.Missing) value).reason());
      }
      out.append(escape.apply(((Lookup.Found) value).value()));
    }
    return Lookup.found(out.toString());
  }
}
