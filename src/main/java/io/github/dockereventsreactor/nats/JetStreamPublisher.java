package io.github.dockereventsreactor.nats;

import io.github.dockereventsreactor.core.Backoff;
import io.github.dockereventsreactor.core.ErrorWords;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.NatsSettings;
import io.github.dockereventsreactor.rules.NatsTls;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.tls.PemTls;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes rule messages to JetStream and waits for the stream's acknowledgement: an event counts
 * as done only once the stream holds it. Each message carries {@code Nats-Msg-Id}, the event's id,
 * so the stream drops the copies that at-least-once delivery sends again after a crash. While the
 * servers are down or slow it retries with capped backoff until the message is stored or the
 * reactor stops: the rule's bounded queue and overflow policy hold what arrives meanwhile, and the
 * reading thread never waits on the bus.
 */
public final class JetStreamPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JetStreamPublisher.class);
  private static final Backoff BACKOFF = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(5));

  private final NatsSettings settings;
  private final Duration ackTimeout;
  private final LongSupplier nanoTime;
  private final AtomicBoolean down = new AtomicBoolean();
  private @Nullable Connection connection;
  private @Nullable JetStream jetStream;

  public JetStreamPublisher(NatsSettings settings, Duration ackTimeout, LongSupplier nanoTime) {
    this.settings = settings;
    this.ackTimeout = ackTimeout;
    this.nanoTime = nanoTime;
  }

  /** Publishes until the stream acknowledges, the stream refuses, or the thread is interrupted. */
  public Outcome publish(Rule rule, DockerEvent event, Prepared.Message message) {
    long start = nanoTime.getAsLong();
    NatsMessage nats = message(message);
    PublishOptions options = PublishOptions.builder().messageId(message.messageId()).build();
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        PublishAck ack = jetStream().publish(nats, options);
        recovered(attempt);
        return new Outcome.Published(
            ack.getStream(),
            ack.getSeqno(),
            ack.isDuplicate(),
            Duration.ofNanos(nanoTime.getAsLong() - start),
            attempt);
      } catch (JetStreamApiException e) {
        // The server answered and said no (a stream's limits, a wrong expectation): retrying the
        // same message cannot change its answer.
        return new Outcome.Undelivered(
            "JetStream refused " + message.subject() + ": " + e.getMessage(), attempt);
      } catch (IOException | IllegalStateException e) {
        failed(message.subject(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (Thread.currentThread().isInterrupted() || !BACKOFF.pause(attempt)) {
        return new Outcome.Interrupted(Duration.ofNanos(nanoTime.getAsLong() - start));
      }
    }
  }

  private static NatsMessage message(Prepared.Message message) {
    Headers headers = new Headers();
    message.headers().forEach(headers::add);
    return NatsMessage.builder()
        .subject(message.subject())
        .headers(headers)
        .data(message.body().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Connects on the first message, so a reactor without {@code nats:} rules never loads a client.
   */
  private synchronized JetStream jetStream() throws IOException, InterruptedException {
    if (jetStream == null) {
      Options.Builder options =
          new Options.Builder()
              .servers(settings.servers().toArray(String[]::new))
              .connectionName("docker-events-reactor")
              .connectionTimeout(Duration.ofSeconds(5))
              .maxReconnects(-1)
              .reconnectWait(Duration.ofMillis(500))
              .errorListener(new QuietErrors());
      settings.credentials().ifPresent(path -> options.authHandler(Nats.credentials(path)));
      if (settings.tls().configured()) {
        options.sslContext(tlsContext(settings.tls()));
      }
      connection = Nats.connect(options.build());
      jetStream =
          connection.jetStream(JetStreamOptions.builder().requestTimeout(ackTimeout).build());
    }
    return jetStream;
  }

  private static SSLContext tlsContext(NatsTls tls) throws IOException {
    try {
      return PemTls.context(
          tls.caFile().map(Path::of), tls.certFile().map(Path::of), tls.keyFile().map(Path::of));
    } catch (IOException e) {
      throw new IOException("NATS TLS settings: " + e.getMessage(), e);
    }
  }

  private void failed(String subject, Exception e) {
    if (down.compareAndSet(false, true)) {
      LOG.warn(
          "cannot publish to NATS {} ({}): {}; retrying with backoff, events wait in their rules' queues",
          settings.servers(),
          subject,
          ErrorWords.message(e));
    }
  }

  private void recovered(int attempts) {
    if (attempts > 1 && down.compareAndSet(true, false)) {
      LOG.info("publishing to NATS {} again after {} attempts", settings.servers(), attempts);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The client's own error reports, at debug: the outcome of each publish says what matters. */
  private static final class QuietErrors implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.debug("NATS: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.debug("NATS: {}", exp.toString());
    }
  }
}
