package io.github.dockereventsreactor.event;

import java.util.Optional;

/**
 * One event of the Docker Engine, with the raw JSON Docker sent kept for {@code %%payload%%}.
 *
 * <p>{@code type} and {@code action} stay strings: Docker's set is open and grows between releases.
 * {@code timeNano} exceeds 2^53, so it is a {@code long} and never passes through a double. {@code
 * synthetic} marks an event the reactor made up after a gap in the stream, to stand for what the
 * engine no longer replays; {@code killed}, a {@code die} within 30 s of a {@code kill} of the same
 * container (someone stopped it, it did not crash).
 *
 * <p>{@code action} is Docker's name for what happened, which rules match; {@code engineAction} is
 * the engine's own word, which {@code %%action%%} gives: they differ on Podman ({@code remove} is
 * matched as {@code destroy}), see {@link EngineDialect}.
 */
public record DockerEvent(
    String type,
    String action,
    String scope,
    long time,
    long timeNano,
    Actor actor,
    String json,
    boolean synthetic,
    boolean killed,
    String engineAction) {

  /** An event whose engine names actions as Docker does. */
  public DockerEvent(
      String type,
      String action,
      String scope,
      long time,
      long timeNano,
      Actor actor,
      String json,
      boolean synthetic,
      boolean killed) {
    this(type, action, scope, time, timeNano, actor, json, synthetic, killed, action);
  }

  /** The same event, marked as a {@code die} that followed a {@code kill} of its container. */
  public DockerEvent withKilled(boolean value) {
    return new DockerEvent(
        type, action, scope, time, timeNano, actor, json, synthetic, value, engineAction);
  }

  /** The same event matched under Docker's name for its action; the engine's own word is kept. */
  public DockerEvent withDockerAction(String dockerAction) {
    return new DockerEvent(
        type, dockerAction, scope, time, timeNano, actor, json, synthetic, killed, engineAction);
  }

  /** The same event with other JSON for commands to receive (the parsed fields are unchanged). */
  public DockerEvent withJson(String text) {
    return new DockerEvent(
        type, action, scope, time, timeNano, actor, text, synthetic, killed, engineAction);
  }

  /**
   * The action without the detail Docker appends after a colon ({@code health_status: healthy}).
   */
  public String verb() {
    int colon = action.indexOf(':');
    return colon < 0 ? action : action.substring(0, colon);
  }

  public Optional<String> actorName() {
    return actor.attribute("name");
  }

  /** A short human description for log lines: {@code container start sentry_web (b7ece45db851)}. */
  public String describe() {
    // Container, image and network IDs are 64 hex digits: their short form is the first 12.
    String id = longHex(actor.id()) ? actor.id().substring(0, 12) : actor.id();
    return type + " " + action + actorName().map(n -> " " + n).orElse("") + " (" + id + ")";
  }

  /** 64 lowercase hex digits; by hand: a regex here was compiled for every line replay printed. */
  private static boolean longHex(String id) {
    if (id.length() != 64) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }
}
