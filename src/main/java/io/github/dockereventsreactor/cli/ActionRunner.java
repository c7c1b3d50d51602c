package io.github.dockereventsreactor.cli;

import io.github.dockereventsreactor.engine.ActionExecutor;
import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.http.WebhookExecutor;
import io.github.dockereventsreactor.process.ProcessExecutor;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.net.http.HttpClient;
import java.time.Duration;

/** The real executors behind the engine's port: processes for commands, HTTP for webhooks. */
final class ActionRunner implements ActionExecutor {

  private final ProcessExecutor processes = new ProcessExecutor(Duration.ofSeconds(5));
  /**
   * Built on the first webhook: an HTTP client loads TLS and the CA certificates (some 400 classes
   * and megabytes of heap) that a daemon running only commands never needs.
   */
  private WebhookExecutor webhooks;

  @Override
  public Outcome run(Rule rule, DockerEvent event, Prepared.Command command) {
    return processes.run(rule, event, command);
  }

  @Override
  public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
    return webhooks().send(rule, event, request);
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
