package io.github.dockereventsreactor.http;

import io.github.dockereventsreactor.engine.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends webhooks through the JDK's HTTP client (TLS verified), retrying with exponential backoff on
 * connection errors and 5xx answers. A request that gets no answer within its timeout is not
 * retried: the server may be acting on it.
 */
public final class WebhookExecutor {

  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final HttpClient client;

  public WebhookExecutor(HttpClient client) {
    this.client = client;
  }

  /** Sends the request; blocks until delivered, refused, given up, or the thread is interrupted. */
  public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
    HttpRequest http;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(request.url()))
              .timeout(request.timeout())
              .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
      request.headers().forEach(builder::header);
      if (request.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
        builder.header("Content-Type", "application/json");
      }
      http = builder.build();
    } catch (IllegalArgumentException e) {
      return new Outcome.Undelivered("invalid request to " + request.url() + ": " + e.getMessage(), 0);
    }
    long start = System.nanoTime();
    String failure = "";
    int attempt = 0;
    while (attempt <= request.retries()) {
      attempt++;
      try {
        HttpResponse<String> response = client.send(http, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status < 500) {
          return status < 400
              ? new Outcome.Delivered(status, Duration.ofNanos(System.nanoTime() - start), attempt)
              : new Outcome.Undelivered("HTTP " + status + " from " + request.url(), attempt);
        }
        failure = "HTTP " + status + " from " + request.url();
      } catch (HttpTimeoutException e) {
        return new Outcome.Undelivered(
            "no answer from " + request.url() + " within " + request.timeout().toMillis() + " ms", attempt);
      } catch (IOException e) {
        failure = "cannot reach " + request.url() + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
      }
      if (attempt <= request.retries() && !sleep(backoff(attempt))) {
        return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return new Outcome.Undelivered(failure + " (" + attempt + " attempts)", attempt);
  }

  private static long backoff(int attempt) {
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 10));
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
