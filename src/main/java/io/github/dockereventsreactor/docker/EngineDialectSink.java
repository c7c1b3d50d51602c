package io.github.dockereventsreactor.docker;

import io.github.dockereventsreactor.core.EventSink;
import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EngineDialect;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the event stream and the reactor: learns at each connection what kind of engine answers
 * (logged when it changes; an API version outside the tested range warned about once), then hands
 * on each event as rules written for Docker expect it — Podman's action names translated, and with
 * {@code reactor.payload.legacy_fields} the {@code status}/{@code id}/{@code from} fields back.
 */
public final class EngineDialectSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(EngineDialectSink.class);

  private final EventSink next;
  private final Supplier<EngineFlavour> probe;
  private final boolean legacyFields;
  private final String address;
  private final Set<String> warned = new HashSet<>();
  private volatile EngineFlavour flavour = EngineFlavour.UNKNOWN;

  EngineDialectSink(
      EventSink next, Supplier<EngineFlavour> probe, boolean legacyFields, String address) {
    this.next = next;
    this.probe = probe;
    this.legacyFields = legacyFields;
    this.address = address;
  }

  /** For the engine's stream: its flavour asked of {@code /version} at every connection. */
  public static EngineDialectSink of(EventSink next, Engine engine, boolean legacyFields) {
    return new EngineDialectSink(next, new FlavourProbe(engine), legacyFields, engine.address());
  }

  @Override
  public void accept(DockerEvent event) {
    next.accept(translate(event));
  }

  /**
   * An event of this engine as rules see it: for the stream's events, and for those read before a
   * restart that the journal kept as the engine sent them (after {@link #learn}).
   */
  public DockerEvent translate(DockerEvent event) {
    return flavour.dialect().toRules(event, legacyFields);
  }

  /**
   * Asks now what kind of engine answers, before the stream's first connection: the journal's
   * pending events must be matched in its dialect before the stream starts.
   */
  public void learn() {
    learnFlavour();
  }

  @Override
  public void internalError(HandlingStep step, String subject, RuntimeException error) {
    next.internalError(step, subject, error);
  }

  // The reactor hears of the connection first (readiness must not wait on a ping); the flavour is
  // still known before this connection's first event, which the same thread reads after this.
  @Override
  public void connected(boolean first) {
    next.connected(first);
    learnFlavour();
  }

  private void learnFlavour() {
    EngineFlavour now;
    try {
      now = probe.get();
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot tell what kind of engine {} is ({}); reading its events as {}'s",
          address,
          e.getMessage(),
          flavour.product());
      return;
    }
    if (!now.equals(flavour)) {
      LOG.info(
          "the engine at {} is {}{}",
          address,
          now.describe(),
          now.dialect() == EngineDialect.PODMAN
              ? ": rules match its events under Docker's names (remove as destroy, exec_died as"
                  + " exec_die, health_status with HealthStatus as health_status: STATUS);"
                  + " %%action%% and the payload stay Podman's"
              : "");
    }
    flavour = now;
    if (warned.add(now.apiVersion())) {
      ApiRange.warning(now.apiVersion()).ifPresent(LOG::warn);
    }
  }

  @Override
  public void disconnected() {
    next.disconnected();
  }

  @Override
  public void gap() {
    next.gap();
  }
}
