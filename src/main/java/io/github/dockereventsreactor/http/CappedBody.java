package io.github.dockereventsreactor.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept up to a limit, then the response abandoned: an endless body would be held
 * whole in memory. Only the first line reaches the log, so 64 KiB is plenty.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {

  static final int MAX_BYTES = 64 * 1024;

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final CompletableFuture<String> body = new CompletableFuture<>();
  // Set by onSubscribe, which a publisher calls first (a known initializer of NullAway's).
  private Flow.Subscription subscription;

  static HttpResponse.BodyHandler<String> handler() {
    return info -> new CappedBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int keep = Math.min(buffer.remaining(), MAX_BYTES - kept.size());
      byte[] bytes = new byte[keep];
      buffer.get(bytes);
      kept.write(bytes, 0, keep);
    }
    if (kept.size() >= MAX_BYTES) {
      // Cancelling closes the connection: the rest of the body is never read.
      subscription.cancel();
      complete();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    complete();
  }

  private void complete() {
    body.complete(kept.toString(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }
}
