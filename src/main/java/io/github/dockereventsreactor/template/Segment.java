package io.github.dockereventsreactor.template;

/** A piece of a template: literal text or a placeholder. */
public sealed interface Segment {

  /** Text copied as written. */
  record Literal(String text) implements Segment {}

  /** A placeholder whose value replaces it as plain text. */
  record Slot(Placeholder placeholder) implements Segment {}
}
