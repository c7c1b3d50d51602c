package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.ActionExecutor;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.http.WebhookExecutor;
import io.github.dockereventsreactor.nats.JetStreamPublisher;
import io.github.dockereventsreactor.process.ProcessExecutor;
import io.github.dockereventsreactor.rules.NatsSettings;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.net.http.HttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The real executors behind the engine's port: processes for commands, HTTP for webhooks, JetStream
 * for {@code nats:} messages.
 */
public final class ActionRunner implements ActionExecutor, AutoCloseable {

  private final ProcessExecutor processes = new ProcessExecutor(Duration.ofSeconds(5));

  /** Connects on the first message: no NATS client is loaded for rules that never publish. */
  private final JetStreamPublisher publisher;

  /**
   * Built on the first webhook: an HTTP client loads TLS and the CA certificates (classes and heap)
   * that a daemon running only commands never needs.
   */
  private @Nullable WebhookExecutor webhooks;

  /** {@code nats}: the file's connection settings, read once (a change needs a restart). */
  public ActionRunner(NatsSettings nats) {
    this.publisher = new JetStreamPublisher(nats, Duration.ofSeconds(5), System::nanoTime);
  }

  @Override
  public Outcome execute(Rule rule, DockerEvent event, Prepared action) {
    return action.fold(
        new Prepared.Cases<>() {
          @Override
          public Outcome command(Prepared.Command command) {
            return processes.run(rule, event, command);
          }

          @Override
          public Outcome request(Prepared.Request request) {
            return webhooks().send(rule, event, request);
          }

          @Override
          public Outcome message(Prepared.Message message) {
            return publisher.publish(rule, event, message);
          }

          /**
           * Only a running reactor acts on containers, through its engine ({@link EngineExecutor}):
           * a replay, even with --execute, shows what it would do.
           */
          @Override
          public Outcome container(Prepared.ContainerCall call) {
            return new Outcome.Skipped("not run: only a running reactor acts on containers");
          }

          @Override
          public Outcome skipped(Prepared.Skipped skipped) {
            return new Outcome.Skipped(skipped.reason());
          }
        });
  }

  @Override
  public void close() {
    publisher.close();
  }

  private synchronized WebhookExecutor webhooks() {
    if (webhooks == null) {
      webhooks =
          new WebhookExecutor(
              HttpClient.newBuilder()
                  .connectTimeout(Duration.ofSeconds(5))
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build());
    }
    return webhooks;
  }
}
