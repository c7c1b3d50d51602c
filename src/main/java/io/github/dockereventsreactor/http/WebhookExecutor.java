package io.github.dockereventsreactor.http;

import io.github.dockereventsreactor.core.Backoff;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Redirects;
import io.github.dockereventsreactor.rules.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends webhooks through the JDK's HTTP client (TLS verified), retrying with exponential backoff on
 * connection errors and 5xx answers. One deadline, the rule's timeout, covers each attempt whole:
 * connecting, sending, and the answer with its body, of which only 64 KiB is read. A request that
 * gets no answer within it is not retried: the server may be acting on it. Redirects are followed
 * only when the rule allows it and only to the same origin: the headers (credentials) and the event
 * go nowhere else.
 */
public final class WebhookExecutor {

  private static final Backoff BACKOFF = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5));
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient client;

  /** {@code client}: one that follows no redirects itself ({@link HttpClient.Redirect#NEVER}). */
  public WebhookExecutor(HttpClient client) {
    this.client = client;
  }

  /** Sends the request; blocks until delivered, refused, given up, or the thread is interrupted. */
  public Outcome send(Rule rule, DockerEvent event, Prepared.Request request) {
    HttpRequest http;
    try {
      http = build(URI.create(request.url()), request.method(), request, true);
    } catch (IllegalArgumentException e) {
      return new Outcome.Undelivered(
          "invalid request to " + request.url() + ": " + e.getMessage(), 0);
    }
    long start = System.nanoTime();
    String failure = "";
    int attempt = 0;
    while (attempt <= request.retries()) {
      attempt++;
      try {
        HttpResponse<String> response = follow(http, request);
        int status = response.statusCode();
        String from = "HTTP " + status + " from " + response.uri() + firstLine(response.body());
        if (REDIRECTS.contains(status)) {
          return new Outcome.Undelivered(redirectRefused(response, request.redirects()), attempt);
        }
        if (status < 500) {
          return status < 300
              ? new Outcome.Delivered(status, Duration.ofNanos(System.nanoTime() - start), attempt)
              : new Outcome.Undelivered(from, attempt);
        }
        failure = from;
      } catch (TimeoutException e) {
        return new Outcome.Undelivered(
            "no answer from " + request.url() + " within " + request.timeout().toMillis() + " ms",
            attempt);
      } catch (IOException e) {
        failure = "cannot reach " + request.url() + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
      }
      if (attempt <= request.retries() && !BACKOFF.pause(attempt)) {
        return new Outcome.Interrupted(Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return new Outcome.Undelivered(failure + " (" + attempt + " attempts)", attempt);
  }

  /**
   * One attempt: the request and the same-origin redirects the rule allows, within one deadline.
   * Returns a redirect it may not follow as the answer.
   */
  private HttpResponse<String> follow(HttpRequest first, Prepared.Request request)
      throws IOException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    HttpRequest http = first;
    for (int hop = 0; ; hop++) {
      HttpResponse<String> response = call(http, deadline);
      Optional<URI> next = sameOriginTarget(response);
      if (request.redirects() == Redirects.NEVER || next.isEmpty() || hop == MAX_REDIRECTS) {
        return response;
      }
      int status = response.statusCode();
      // As browsers do: 303 always, and 301/302 after a POST, become a GET without the body.
      boolean get =
          status == 303 || ((status == 301 || status == 302) && "POST".equals(http.method()));
      http = build(next.get(), get ? "GET" : http.method(), request, !get);
    }
  }

  private HttpResponse<String> call(HttpRequest http, long deadline)
      throws IOException, InterruptedException, TimeoutException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new TimeoutException();
    }
    CompletableFuture<HttpResponse<String>> answer = client.sendAsync(http, CappedBody.handler());
    try {
      return answer.get(remaining, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
        throw new TimeoutException();
      }
      throw e.getCause() instanceof IOException
          ? (IOException) e.getCause()
          : new IOException(e.getCause());
    } finally {
      // Aborts the exchange when it is still running: timed out or interrupted.
      answer.cancel(true);
    }
  }

  private static HttpRequest build(URI uri, String method, Prepared.Request request, boolean body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(request.timeout())
            .method(
                method,
                body
                    ? HttpRequest.BodyPublishers.ofString(request.body())
                    : HttpRequest.BodyPublishers.noBody());
    request.headers().forEach(builder::header);
    if (body
        && request.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      builder.header("Content-Type", "application/json");
    }
    return builder.build();
  }

  /** Where a redirect points when that is the scheme, host and port it came from. */
  private static Optional<URI> sameOriginTarget(HttpResponse<String> response) {
    return location(response)
        .filter(
            target ->
                Objects.equals(target.getScheme(), response.uri().getScheme())
                    && Objects.equals(target.getHost(), response.uri().getHost())
                    && port(target) == port(response.uri()));
  }

  private static Optional<URI> location(HttpResponse<String> response) {
    if (!REDIRECTS.contains(response.statusCode())) {
      return Optional.empty();
    }
    try {
      return response.headers().firstValue("Location").map(response.uri()::resolve);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  private static String redirectRefused(HttpResponse<String> response, Redirects allowed) {
    String location = response.headers().firstValue("Location").orElse("(no Location)");
    String why =
        allowed == Redirects.NEVER
            ? "not followed (follow_redirects: same-origin allows one to the same scheme, host and port)"
            : sameOriginTarget(response).isEmpty()
                ? "not followed: another origin"
                : "not followed: more than " + MAX_REDIRECTS + " redirects";
    return "HTTP "
        + response.statusCode()
        + " from "
        + response.uri()
        + " redirects to "
        + location
        + ", "
        + why;
  }

  /** The answer's first line, short, for the log line of a failure. */
  private static String firstLine(String body) {
    String line = body.lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      return "";
    }
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }
}
