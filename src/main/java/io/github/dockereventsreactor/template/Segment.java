package io.github.dockereventsreactor.template;

/** A piece of a template: literal text or a placeholder. */
public sealed interface Segment {

  /** Text copied as written. */
  record Literal(String text) implements Segment {}

  /** A placeholder whose value replaces it, escaped for where it lands. */
  record Slot(Placeholder placeholder, Escape escape) implements Segment {

    /** A placeholder whose value replaces it as plain text. */
    public Slot(Placeholder placeholder) {
      this(placeholder, Escape.NONE);
    }
  }
}
