package io.github.dockereventsreactor.template;

import java.util.Optional;

/** A piece of a template: literal text or a placeholder. */
public sealed interface Segment {

  /**
   * Appends this piece for the event to {@code out}; when a placeholder has no value, appends
   * nothing and returns why.
   */
  Optional<String> appendTo(StringBuilder out, EventContext context);

  /** The placeholder, if this is one. */
  Optional<Placeholder> asPlaceholder();

  /** This piece with its placeholder's value escaped by {@code escape}. */
  Segment escaped(Escape escape);

  /** The literal text, or {@code standIn} for a placeholder: the template's shape. */
  String textOr(String standIn);

  /** Text copied as written. */
  record Literal(String text) implements Segment {
    @Override
    public Optional<String> appendTo(StringBuilder out, EventContext context) {
      out.append(text);
      return Optional.empty();
    }

    @Override
    public Optional<Placeholder> asPlaceholder() {
      return Optional.empty();
    }

    @Override
    public Segment escaped(Escape escape) {
      return this;
    }

    @Override
    public String textOr(String standIn) {
      return text;
    }
  }

  /** A placeholder whose value replaces it, escaped for where it lands. */
  record Slot(Placeholder placeholder, Escape escape) implements Segment {

    /** A placeholder whose value replaces it as plain text. */
    public Slot(Placeholder placeholder) {
      this(placeholder, Escape.NONE);
    }

    @Override
    public Optional<String> appendTo(StringBuilder out, EventContext context) {
      Lookup value = placeholder.resolve(context);
      Optional<String> missing = value.missing();
      if (missing.isPresent()) {
        return Optional.of("%%" + placeholder.name() + "%%: " + missing.get());
      }
      out.append(escape.apply(value.orElse("")));
      return Optional.empty();
    }

    @Override
    public Optional<Placeholder> asPlaceholder() {
      return Optional.of(placeholder);
    }

    @Override
    public Segment escaped(Escape escape) {
      return new Slot(placeholder, escape);
    }

    @Override
    public String textOr(String standIn) {
      return standIn;
    }
  }
}
