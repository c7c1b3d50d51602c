package io.github.dockereventsreactor.rules;

/** Which redirects a webhook follows: none by default, since a redirect can send it anywhere. */
public enum Redirects {
  /** A 3xx answer is a failed delivery, logged with its Location. */
  NEVER("never"),
  /** Only to the same scheme, host and port, where the headers and body were meant to go. */
  SAME_ORIGIN("same-origin");

  private final String text;

  Redirects(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
